#include "tokencommands.h"

#include "admincommands.h"
#include "auditlog.h"

#include <QDateTime>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

QString timeText(std::optional<qint64> ms, const QString &none)
{
    if (!ms)
        return none;
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODate);
}

QString scopesText(const QList<TokenScope> &scopes)
{
    QStringList parts;
    for (const TokenScope &scope : scopes)
        parts.append(scope.topic + u':' + (scope.read ? u"r"_s : QString()) + (scope.write ? u"w"_s : QString()));
    return parts.isEmpty() ? u"-"_s : parts.join(u',');
}

} // namespace

int TokenCommands::create()
{
    const ParsedCommand &command = m_admin.command();
    const QString user = m_admin.operand(0);
    if (!m_admin.checkUserName(user))
        return AdminCommands::kExitFailure;
    auto accounts = m_admin.openAccounts();
    auto events = m_admin.openEvents();
    if (!accounts || !events)
        return AdminCommands::kExitFailure;
    const auto account = accounts->account(user);
    if (!account.ok())
        return m_admin.storeFailure(u"read the users"_s, account.error());
    if (!account.value()) {
        m_admin.err() << "No user '" << user << "' (add it with 'user add')." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    for (const TokenScope &scope : command.scopes) {
        const auto topic = events->stream(scope.topic);
        if (!topic.ok())
            return m_admin.storeFailure(u"read the topics"_s, topic.error());
        if (!topic.value()) {
            m_admin.err() << "No topic " << scope.topic << " (create it with 'topic create')." << Qt::endl;
            return AdminCommands::kExitFailure;
        }
    }
    NewToken token { user, TokenKind::Api, command.label, std::nullopt, command.scopes };
    if (command.expiresInMs)
        token.expires = QDateTime::currentMSecsSinceEpoch() + *command.expiresInMs;
    const auto issued = accounts->issueToken(token);
    if (!issued.ok())
        return m_admin.storeFailure(u"create the token"_s, issued.error());
    const TokenInfo &info = issued.value().info;
    AuditLog::write("token.created"_L1, { { "user"_L1, user }, { "token_id"_L1, info.id }, { "kind"_L1, u"api"_s },
                                           { "scopes"_L1, scopesText(info.scopes) }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << issued.value().secret << Qt::endl;
    m_admin.err() << "Created API token " << info.id << " for '" << user << "' (topics " << scopesText(info.scopes)
                  << ", expires " << timeText(info.expires, u"never"_s)
                  << "). The secret above is shown only this once." << Qt::endl;
    return EXIT_SUCCESS;
}

int TokenCommands::list()
{
    const QString user = m_admin.operand(0);
    if (!user.isEmpty() && !m_admin.checkUserName(user))
        return AdminCommands::kExitFailure;
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    if (!user.isEmpty()) {
        const auto account = accounts->account(user);
        if (!account.ok())
            return m_admin.storeFailure(u"read the users"_s, account.error());
        if (!account.value()) {
            m_admin.err() << "No user '" << user << "'." << Qt::endl;
            return AdminCommands::kExitFailure;
        }
    }
    const auto tokens = accounts->tokens(user);
    if (!tokens.ok())
        return m_admin.storeFailure(u"read the tokens"_s, tokens.error());
    QTextStream &out = m_admin.out();
    out << Qt::left << qSetFieldWidth(18) << "ID" << qSetFieldWidth(20) << "USER" << qSetFieldWidth(9) << "KIND"
        << qSetFieldWidth(16) << "LABEL" << qSetFieldWidth(22) << "CREATED" << qSetFieldWidth(22) << "EXPIRES"
        << qSetFieldWidth(22) << "LAST USED" << qSetFieldWidth(0) << "TOPICS" << Qt::endl;
    for (const TokenInfo &token : tokens.value()) {
        out << qSetFieldWidth(18) << token.id << qSetFieldWidth(20) << token.user << qSetFieldWidth(9)
            << tokenKindName(token.kind) << qSetFieldWidth(16) << (token.label.isEmpty() ? u"-"_s : token.label)
            << qSetFieldWidth(22) << timeText(token.created, {}) << qSetFieldWidth(22)
            << timeText(token.expires, u"never"_s) << qSetFieldWidth(22) << timeText(token.lastUsed, u"never"_s)
            << qSetFieldWidth(0) << scopesText(token.scopes) << Qt::endl;
    }
    return EXIT_SUCCESS;
}

int TokenCommands::revoke()
{
    const QString id = m_admin.operand(0);
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto revoked = accounts->revokeToken(id);
    if (!revoked.ok())
        return m_admin.storeFailure(u"revoke the token"_s, revoked.error());
    if (!revoked.value()) {
        m_admin.err() << "No token '" << id.left(64) << "' (see 'token list')." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    AuditLog::write("token.revoked"_L1, { { "token_id"_L1, id }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Revoked token " << id << '.' << Qt::endl;
    m_admin.closeLiveSessions({ id });
    return EXIT_SUCCESS;
}

} // namespace confab::relay
