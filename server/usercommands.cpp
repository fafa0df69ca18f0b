#include "usercommands.h"

#include "admincommands.h"
#include "auditlog.h"
#include "passwordhasher.h"
#include "protocol/streamid.h"

#include <QDateTime>
#include <QFile>
#include <QSet>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

QString timeText(std::optional<qint64> ms)
{
    if (!ms)
        return u"never"_s;
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

int UserCommands::add()
{
    const QString name = m_admin.operand(0);
    if (!m_admin.checkUserName(name))
        return AdminCommands::kExitFailure;
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto existing = accounts->account(name);
    if (!existing.ok())
        return m_admin.storeFailure(u"read the users"_s, existing.error());
    if (existing.value()) {
        if (m_admin.command().ifMissing) {
            m_admin.out() << "User '" << name << "' already exists." << Qt::endl;
            return EXIT_SUCCESS;
        }
        m_admin.err() << "User '" << name << "' already exists (use --if-missing to accept that)." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    const std::optional<QString> password = m_admin.readPassword(name);
    if (!password)
        return AdminCommands::kExitFailure;
    const std::optional<QByteArray> hash = PasswordHasher::hash(*password);
    if (!hash) {
        m_admin.err() << "Cannot hash the password (out of memory?)." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    const Role role = m_admin.command().role.value_or(Role::User);
    const auto added = accounts->addAccount({ name, *hash, role });
    if (!added.ok())
        return m_admin.storeFailure(u"add user '%1'"_s.arg(name), added.error());
    if (!added.value()) {
        m_admin.err() << "User '" << name << "' already exists." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    AuditLog::write("user.added"_L1, { { "user"_L1, name }, { "role"_L1, roleName(role) }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Added user '" << name << "' (" << roleName(role) << ")." << Qt::endl;
    return EXIT_SUCCESS;
}

int UserCommands::list()
{
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto all = accounts->accounts();
    if (!all.ok())
        return m_admin.storeFailure(u"read the users"_s, all.error());
    QTextStream &out = m_admin.out();
    out << qSetFieldWidth(24) << Qt::left << "NAME" << qSetFieldWidth(7) << "ROLE" << qSetFieldWidth(22)
        << "CREATED" << qSetFieldWidth(0) << "LAST SEEN" << Qt::endl;
    for (const Account &account : all.value()) {
        out << qSetFieldWidth(24) << account.name << qSetFieldWidth(7) << roleName(account.role)
            << qSetFieldWidth(22) << timeText(account.created) << qSetFieldWidth(0) << timeText(account.lastSeen)
            << (account.hasPassword ? "" : "  (token login only)") << Qt::endl;
    }
    return EXIT_SUCCESS;
}

int UserCommands::remove()
{
    const QString name = m_admin.operand(0);
    if (!m_admin.checkUserName(name))
        return AdminCommands::kExitFailure;
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto removed = accounts->removeAccount(name);
    if (!removed.ok())
        return m_admin.storeFailure(u"remove user '%1'"_s.arg(name), removed.error());
    if (!removed.value()) {
        m_admin.err() << "No user '" << name << "'." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    AuditLog::write("user.removed"_L1, { { "user"_L1, name }, { "tokens"_L1, QString::number(removed.value()->size()) },
                                          { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Removed user '" << name << "' and " << removed.value()->size() << " token(s)." << Qt::endl;
    m_admin.closeLiveSessions(*removed.value(), name, u"account removed"_s);
    return EXIT_SUCCESS;
}

int UserCommands::setPassword()
{
    const QString name = m_admin.operand(0);
    if (!m_admin.checkUserName(name))
        return AdminCommands::kExitFailure;
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto existing = accounts->account(name);
    if (!existing.ok())
        return m_admin.storeFailure(u"read the users"_s, existing.error());
    if (!existing.value()) {
        m_admin.err() << "No user '" << name << "'." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    const std::optional<QString> password = m_admin.readPassword(name);
    if (!password)
        return AdminCommands::kExitFailure;
    const std::optional<QByteArray> hash = PasswordHasher::hash(*password);
    if (!hash) {
        m_admin.err() << "Cannot hash the password (out of memory?)." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    const auto changed = accounts->setPasswordHash(name, *hash);
    if (!changed.ok())
        return m_admin.storeFailure(u"change the password of '%1'"_s.arg(name), changed.error());
    // Whoever logged in with the old password keeps no session made from it.
    const auto revoked = accounts->revokeTokensOf(name, TokenKind::Session);
    if (!revoked.ok())
        return m_admin.storeFailure(u"revoke the session tokens of '%1'"_s.arg(name), revoked.error());
    AuditLog::write("user.password_changed"_L1,
        { { "user"_L1, name }, { "session_tokens_revoked"_L1, QString::number(revoked.value().size()) },
            { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Changed the password of '" << name << "'; revoked " << revoked.value().size()
                  << " session token(s)." << Qt::endl;
    m_admin.closeLiveSessions(revoked.value(), name, u"password changed"_s);
    return EXIT_SUCCESS;
}

int UserCommands::setRole()
{
    const QString name = m_admin.operand(0);
    if (!m_admin.checkUserName(name))
        return AdminCommands::kExitFailure;
    const std::optional<Role> role = roleFromName(m_admin.operand(1));
    if (!role) {
        m_admin.err() << "Unknown role '" << m_admin.operand(1) << "': use user or admin." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto changed = accounts->setRole(name, *role);
    if (!changed.ok())
        return m_admin.storeFailure(u"change the role of '%1'"_s.arg(name), changed.error());
    if (!changed.value()) {
        m_admin.err() << "No user '" << name << "'." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    AuditLog::write("user.role_changed"_L1, { { "user"_L1, name }, { "role"_L1, roleName(*role) }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "'" << name << "' is now " << roleName(*role) << '.' << Qt::endl;
    // Sessions hold the role they logged in with: they reconnect with the new one.
    m_admin.closeLiveSessions({}, name, u"role changed"_s);
    return EXIT_SUCCESS;
}

int UserCommands::bulk()
{
    const ParsedCommand &command = m_admin.command();
    const QString prefix = command.prefix;
    if (!protocol::isValidUserName(QString(prefix + QString::number(command.count)))) {
        m_admin.err() << "Invalid prefix '" << prefix << "': PREFIX" << command.count
                      << " must be a valid user name (a-z 0-9 . _ -, at most 64 characters)." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto existing = accounts->accounts();
    if (!existing.ok())
        return m_admin.storeFailure(u"read the users"_s, existing.error());
    QSet<QString> taken;
    for (const Account &account : existing.value())
        taken.insert(account.name);

    const Role role = command.role.value_or(Role::User);
    const qint64 expires = QDateTime::currentMSecsSinceEpoch() + m_admin.config().sessionTokenLifetime.count();
    QList<NewAccount> newAccounts;
    QList<NewToken> newTokens;
    newAccounts.reserve(command.count);
    newTokens.reserve(command.count);
    for (int i = 1; i <= command.count; ++i) {
        const QString name = prefix + QString::number(i);
        if (taken.contains(name)) {
            m_admin.err() << "User '" << name << "' already exists: choose another --prefix." << Qt::endl;
            return AdminCommands::kExitFailure;
        }
        // No password: these accounts log in with their token only, and creating them costs no Argon2.
        newAccounts.append({ name, {}, role });
        newTokens.append({ name, TokenKind::Session, u"bulk"_s, expires, {} });
    }

    QFile file;
    if (!command.tokenFile.isEmpty()) {
        file.setFileName(command.tokenFile);
        // Created 0600; an existing file is narrowed to that before anything is written.
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, QFile::ReadOwner | QFile::WriteOwner)
            || !file.setPermissions(QFile::ReadOwner | QFile::WriteOwner)) {
            m_admin.err() << "Cannot write " << command.tokenFile << ": " << file.errorString() << Qt::endl;
            return AdminCommands::kExitFailure;
        }
    }
    const auto added = accounts->addAccounts(newAccounts);
    if (!added.ok())
        return m_admin.storeFailure(u"add the users"_s, added.error());
    const auto issued = accounts->issueTokens(newTokens);
    if (!issued.ok())
        return m_admin.storeFailure(u"issue the tokens"_s, issued.error());

    QByteArray lines;
    lines.reserve(issued.value().size() * 80);
    for (const IssuedToken &token : issued.value())
        lines += token.info.user.toUtf8() + '\t' + token.secret.toUtf8() + '\n';
    if (file.isOpen()) {
        if (file.write(lines) != lines.size() || !file.flush()) {
            m_admin.err() << "Cannot write " << command.tokenFile << ": " << file.errorString() << Qt::endl;
            return AdminCommands::kExitFailure;
        }
        file.close();
    } else {
        m_admin.out() << QString::fromUtf8(lines) << Qt::flush;
    }
    AuditLog::write("users.bulk_added"_L1,
        { { "count"_L1, QString::number(added.value()) }, { "first"_L1, prefix + u'1' },
            { "last"_L1, prefix + QString::number(command.count) }, { "tokens"_L1, u"session"_s },
            { "by"_L1, u"admin CLI"_s } });
    if (file.isOpen() || !command.tokenFile.isEmpty())
        m_admin.out() << "Added " << added.value() << " users " << prefix << "1.." << prefix << command.count
                      << "; their tokens are in " << command.tokenFile << '.' << Qt::endl;
    return EXIT_SUCCESS;
}

} // namespace confab::relay
