#pragma once

namespace confab::relay {

class AdminCommands;

// The commands about the service itself: `publish` and `status` ask the relay serving the data
// folder (over its control channel; "no relay running for DIR" otherwise), and `check-config`
// validates the effective configuration without starting anything.
class ServiceCommands
{
public:
    explicit ServiceCommands(AdminCommands &admin) : m_admin(admin) { }

    // A notification from a shell, delivered live to the topic's subscribers by the relay.
    int publish();
    int status();
    // Prints the effective settings; checks that the TLS files load and the data folder is writable.
    int checkConfig();

private:
    AdminCommands &m_admin;
};

} // namespace confab::relay
