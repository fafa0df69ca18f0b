#include "aclcommands.h"

#include "admincommands.h"
#include "auditlog.h"
#include "protocol/streamid.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

std::optional<QString> AclCommands::topicId(const QString &text)
{
    const QString id = text.startsWith(u"topic:") ? text : u"topic:"_s + text;
    if (protocol::isValidStreamId(id) && protocol::streamKindOf(id) == protocol::StreamKind::Topic)
        return id;
    m_admin.err() << "Invalid topic '" << text.left(80) << "': use NAME or topic:NAME." << Qt::endl;
    return std::nullopt;
}

int AclCommands::grant()
{
    const auto topic = topicId(m_admin.operand(0));
    if (!topic)
        return AdminCommands::kExitFailure;
    const QString principal = m_admin.operand(1);
    const QString access = m_admin.operand(2);
    AclEntry entry { *topic, principal, access == u"read" || access == u"read-write",
        access == u"write" || access == u"read-write" };
    if (!entry.read && !entry.write) {
        m_admin.err() << "Unknown access '" << access.left(40) << "': use read, write or read-write." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    if (!isValidPrincipal(principal)) {
        m_admin.err() << "Invalid principal '" << principal.left(80) << "': use user:NAME or token:ID." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    auto accounts = m_admin.openAccounts();
    auto events = m_admin.openEvents();
    if (!accounts || !events)
        return AdminCommands::kExitFailure;
    const auto stream = events->stream(*topic);
    if (!stream.ok())
        return m_admin.storeFailure(u"read the topics"_s, stream.error());
    if (!stream.value()) {
        m_admin.err() << "No topic " << *topic << " (create it with 'topic create')." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    const QString who = principal.section(u':', 1);
    if (principal.startsWith(u"user:")) {
        const auto account = accounts->account(who);
        if (!account.ok())
            return m_admin.storeFailure(u"read the users"_s, account.error());
        if (!account.value()) {
            m_admin.err() << "No user '" << who << "'." << Qt::endl;
            return AdminCommands::kExitFailure;
        }
    } else {
        const auto token = accounts->token(who);
        if (!token.ok())
            return m_admin.storeFailure(u"read the tokens"_s, token.error());
        if (!token.value()) {
            m_admin.err() << "No token '" << who << "' (see 'token list')." << Qt::endl;
            return AdminCommands::kExitFailure;
        }
    }
    const auto granted = accounts->grant(entry);
    if (!granted.ok())
        return m_admin.storeFailure(u"grant access"_s, granted.error());
    AuditLog::write("acl.granted"_L1,
        { { "topic"_L1, *topic }, { "principal"_L1, principal }, { "access"_L1, access }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Granted " << access << " on " << *topic << " to " << principal << '.' << Qt::endl;
    return EXIT_SUCCESS;
}

int AclCommands::revoke()
{
    const auto topic = topicId(m_admin.operand(0));
    if (!topic)
        return AdminCommands::kExitFailure;
    const QString principal = m_admin.operand(1);
    if (!isValidPrincipal(principal)) {
        m_admin.err() << "Invalid principal '" << principal.left(80) << "': use user:NAME or token:ID." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto revoked = accounts->revokeGrant(*topic, principal);
    if (!revoked.ok())
        return m_admin.storeFailure(u"revoke access"_s, revoked.error());
    if (!revoked.value()) {
        m_admin.err() << principal << " has no entry on " << *topic << " (see 'acl list')." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    AuditLog::write("acl.revoked"_L1, { { "topic"_L1, *topic }, { "principal"_L1, principal }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Revoked the access of " << principal << " to " << *topic << '.' << Qt::endl;
    const QString who = principal.section(u':', 1);
    if (principal.startsWith(u"user:"))
        m_admin.closeLiveSessions({}, who, u"topic access changed"_s);
    else
        m_admin.closeLiveSessions({ who });
    return EXIT_SUCCESS;
}

int AclCommands::list()
{
    QString topic;
    if (!m_admin.operand(0).isEmpty()) {
        const auto id = topicId(m_admin.operand(0));
        if (!id)
            return AdminCommands::kExitFailure;
        topic = *id;
    }
    auto accounts = m_admin.openAccounts();
    if (!accounts)
        return AdminCommands::kExitFailure;
    const auto entries = accounts->acl(topic);
    if (!entries.ok())
        return m_admin.storeFailure(u"read the ACLs"_s, entries.error());
    QTextStream &out = m_admin.out();
    out << Qt::left << qSetFieldWidth(32) << "TOPIC" << qSetFieldWidth(40) << "PRINCIPAL" << qSetFieldWidth(0)
        << "ACCESS" << Qt::endl;
    for (const AclEntry &entry : entries.value()) {
        const QString access = entry.read && entry.write ? u"read-write"_s : entry.read ? u"read"_s : u"write"_s;
        out << qSetFieldWidth(32) << entry.topic << qSetFieldWidth(40) << entry.principal << qSetFieldWidth(0)
            << access << Qt::endl;
    }
    return EXIT_SUCCESS;
}

} // namespace confab::relay
