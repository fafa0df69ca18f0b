#pragma once

#include <QString>

namespace confab::relay {

class AdminCommands;

// `room create | add-member` and `topic create`: streams made from the shell.
class StreamCommands
{
public:
    explicit StreamCommands(AdminCommands &admin) : m_admin(admin) { }

    int createRoom();
    int addRoomMember();
    int createTopic();

private:
    // Creates `room:NAME` or `topic:NAME` (kind says which) as the command asks.
    int createStream(const QString &kind);

    AdminCommands &m_admin;
};

} // namespace confab::relay
