#include "relayadmin.h"

#include "relayprocess.h"

using namespace Qt::StringLiterals;

namespace relayadmin {

QString passwordOf(const QString &user)
{
    return u"pw-"_s + user;
}

bool addUsers(RelayProcess &relay, const QStringList &users)
{
    for (const QString &user : users) {
        if (!relay.addUser(user, passwordOf(user)))
            return false;
    }
    return true;
}

bool addRoom(RelayProcess &relay, const QString &name, const QStringList &members)
{
    if (!relay.createRoom(name))
        return false;
    for (const QString &member : members) {
        const auto result = relay.runCommand(
            { u"room"_s, u"add-member"_s, name, member, u"--data-dir"_s, relay.dataDir() });
        if (!result.finished || result.exitCode != 0)
            return false;
    }
    return true;
}

bool addTopic(RelayProcess &relay, const QString &name, const QStringList &publishers,
              const QStringList &readers)
{
    const auto run = [&relay](const QStringList &arguments) {
        const auto result = relay.runCommand(arguments + QStringList { u"--data-dir"_s, relay.dataDir() });
        return result.finished && result.exitCode == 0;
    };
    if (!run({ u"topic"_s, u"create"_s, name }))
        return false;
    for (const QString &user : publishers) {
        if (!run({ u"acl"_s, u"grant"_s, name, u"user:"_s + user, u"read-write"_s }))
            return false;
    }
    for (const QString &user : readers) {
        if (!run({ u"acl"_s, u"grant"_s, name, u"user:"_s + user, u"read"_s }))
            return false;
    }
    return true;
}

QStringList pipeliningLimits()
{
    return { QStringLiteral("--rate-burst"), QStringLiteral("1000000"), QStringLiteral("--rate-per-second"),
        QStringLiteral("1000000") };
}

} // namespace relayadmin
