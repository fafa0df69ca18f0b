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
// `topic create NAME`, then an ACL entry for each publisher (read-write) and reader (read): the
// topic is then open to them only.
bool addTopic(RelayProcess &relay, const QString &name, const QStringList &publishers,
              const QStringList &readers);
// `serve` arguments that lift the per-connection token bucket: these tests pipeline thousands of
// requests on one connection on purpose (the limit itself is tested in tst_relay_abuse).
QStringList pipeliningLimits();

} // namespace relayadmin
