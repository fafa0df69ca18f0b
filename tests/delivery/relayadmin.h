#pragma once

#include <QString>
#include <QStringList>

class RelayProcess;

// Admin-CLI set-up the delivery tests share, run against a relay's data folder (before it starts or
// while it runs): users, rooms with members, notification topics.
namespace relayadmin {

// Every user gets the password "pw-<name>".
QString passwordOf(const QString &user);
bool addUsers(RelayProcess &relay, const QStringList &users);
// `room create NAME`, then `room add-member NAME USER` for each member.
bool addRoom(RelayProcess &relay, const QString &name, const QStringList &members);
bool addTopic(RelayProcess &relay, const QString &name);

} // namespace relayadmin
