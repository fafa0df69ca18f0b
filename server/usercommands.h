#pragma once

namespace confab::relay {

class AdminCommands;

// `user add | list | remove | password | role | bulk`: accounts in the data folder's store.
// Changing or removing a user also closes their live connections on a running relay, so a
// removed or demoted user cannot keep using what their open sessions learnt at login.
class UserCommands
{
public:
    explicit UserCommands(AdminCommands &admin) : m_admin(admin) { }

    int add();
    int list();
    int remove();
    int setPassword();
    int setRole();
    // Many token-only users (no password: no Argon2 cost), each with a session token, written as
    // `name<TAB>token` lines to --token-file (mode 0600) or stdout: seconds for 10,000.
    int bulk();

private:
    AdminCommands &m_admin;
};

} // namespace confab::relay
