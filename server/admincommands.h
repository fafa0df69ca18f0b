#pragma once

#include "accountstore.h"
#include "commandline.h"
#include "eventstore.h"

#include <QJsonObject>
#include <QTextStream>

#include <memory>

namespace confab::relay {

// The admin subcommands of the relay binary, and what they share: the output streams, the
// password prompt, opening the stores of the data folder, and telling a running relay. Commands
// that manage accounts, tokens, rooms and ACLs open the database directly, so they work whether
// or not a relay is serving the same folder (SQLite's locking keeps the two apart); publish and
// status need the running relay and reach it over its control channel. The families live in
// usercommands, tokencommands, streamcommands, aclcommands and servicecommands (publish, status,
// check-config). Each command returns the process exit code: 0 done, 1 failed (and says why).
class AdminCommands
{
public:
    static constexpr int kExitFailure = 1;

    AdminCommands(const ParsedCommand &command, QTextStream &out, QTextStream &err)
        : m_command(command), m_out(out), m_err(err)
    {
    }

    // Runs the command's action (anything but Serve, ShowHelp, ShowVersion and Fail).
    int run();

    const ParsedCommand &command() const { return m_command; }
    const RelayConfig &config() const { return m_command.config; }
    QString operand(qsizetype index) const { return m_command.operands.value(index); }
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    // CONFAB_PASSWORD, else the first line of stdin (read without echo from a terminal). Nothing
    // (after saying why) when it is empty or too long.
    std::optional<QString> readPassword(const QString &user);
    // The stores of the data folder; nullptr after reporting why they cannot be opened.
    std::unique_ptr<AccountStore> openAccounts();
    std::unique_ptr<EventStore> openEvents();
    // Reports a store failure ("Cannot WHAT: why") and returns kExitFailure.
    int storeFailure(const QString &what, const StoreError &error);
    // Asks the relay serving this data folder, if any, to close the sessions of these tokens
    // and/or this user at once (telling them `reason`); says what happened. No relay running is
    // fine: nothing is open then.
    void closeLiveSessions(const QStringList &tokenIds, const QString &user = {}, const QString &reason = {});
    // The name part of a valid user name, or nothing after saying why it is not one.
    bool checkUserName(const QString &name);

private:
    const ParsedCommand &m_command;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace confab::relay
