#pragma once

#include "commandline.h"

#include <QTextStream>

namespace confab::relay {

// The admin subcommands of the relay binary (`user add`, `room create`, `room add-member`,
// `topic create`). They open the store
// directly, so they work whether or not a relay is serving the same data folder (SQLite's
// locking keeps the two apart). Each returns a process exit code and reports on the given streams.
class AdminCommands
{
public:
    AdminCommands(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) { }

    int addUser(const ParsedCommand &command);
    int createRoom(const ParsedCommand &command);
    int addRoomMember(const ParsedCommand &command);
    int createTopic(const ParsedCommand &command);

private:
    // Creates `room:NAME` or `topic:NAME` (kind says which) as the command asks.
    int createStream(const ParsedCommand &command, const QString &kind);
    // CONFAB_PASSWORD, else the first line of stdin (read without echo from a terminal).
    QString readPassword();

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace confab::relay
