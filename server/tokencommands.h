#pragma once

namespace confab::relay {

class AdminCommands;

// `token create | list | revoke`: API tokens for scripts and monitoring. A new token's secret is
// printed once, alone on stdout (`TOKEN=$(confab-relay token create bot --topic alerts:w)`);
// only its hash is kept. Revoking also closes the token's live connections on a running relay.
class TokenCommands
{
public:
    explicit TokenCommands(AdminCommands &admin) : m_admin(admin) { }

    int create();
    int list();
    int revoke();

private:
    AdminCommands &m_admin;
};

} // namespace confab::relay
