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

bool addTopic(RelayProcess &relay, const QString &name)
{
    const auto result = relay.runCommand({ u"topic"_s, u"create"_s, name, u"--data-dir"_s, relay.dataDir() });
    return result.finished && result.exitCode == 0;
}

} // namespace relayadmin
