#pragma once

#include <QString>

#include <optional>

namespace confab::relay {

class AdminCommands;

// `acl grant | revoke | list`: who may read and publish on a topic. A topic with entries admits
// only the principals listed (users as user:NAME, API tokens as token:ID); a topic without any
// follows default-topic-access. Revoking closes the principal's live connections, so an existing
// subscription does not outlive the permission.
class AclCommands
{
public:
    explicit AclCommands(AdminCommands &admin) : m_admin(admin) { }

    int grant();
    int revoke();
    int list();

private:
    // "alerts" or "topic:alerts" -> "topic:alerts"; nothing (after saying why) when invalid.
    std::optional<QString> topicId(const QString &text);

    AdminCommands &m_admin;
};

} // namespace confab::relay
