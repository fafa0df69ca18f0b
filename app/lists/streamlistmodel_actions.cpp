// StreamListModel: creating, joining and opening streams through the engine, and their answers.
#include "streamlistmodel.h"

#include "client/account/account.h"
#include "client/connectionerrors.h"
#include "client/store/localstore.h"
#include "protocol/streamid.h"

namespace confab::app {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {
// "#general", "room:general" or "general" -> "general".
QString bareName(QString name, QLatin1StringView prefix)
{
    name = name.trimmed();
    if (name.startsWith(u'#'))
        name.remove(0, 1);
    if (name.startsWith(prefix))
        name.remove(0, prefix.size());
    return name;
}
} // namespace

void StreamListModel::track(const QString &requestId, Action action, const QString &stream)
{
    if (requestId.isEmpty()) {
        Q_EMIT actionFailed(tr("That name cannot be used."));
        return;
    }
    m_pending.insert(requestId, { action, stream });
}

void StreamListModel::createRoom(const QString &name)
{
    const QString room = bareName(name, "room:"_L1).toLower();
    if (!m_account)
        return;
    if (!proto::isValidName(room)) {
        Q_EMIT actionFailed(tr("A room name uses only a-z, 0-9, '.', '_' and '-', starting with a letter or digit."));
        return;
    }
    track(m_account->engine()->createRoom(room), Action::CreateRoom, u"room:"_s + room);
}

void StreamListModel::joinRoom(const QString &name)
{
    const QString room = bareName(name, "room:"_L1).toLower();
    if (!m_account)
        return;
    if (!proto::isValidName(room)) {
        Q_EMIT actionFailed(tr("There is no room called \"%1\".").arg(name.trimmed()));
        return;
    }
    track(m_account->engine()->join(u"room:"_s + room), Action::JoinRoom, u"room:"_s + room);
}

void StreamListModel::openDm(const QString &user)
{
    QString name = user.trimmed().toLower();
    if (name.startsWith(u'@'))
        name.remove(0, 1);
    if (!m_account)
        return;
    if (!proto::isValidUserName(name)) {
        Q_EMIT actionFailed(tr("There is no user called \"%1\".").arg(user.trimmed()));
        return;
    }
    track(m_account->engine()->openDm({ name }), Action::OpenDm, {});
}

void StreamListModel::subscribeTopic(const QString &name)
{
    const QString topic = bareName(name, "topic:"_L1).toLower();
    if (!m_account)
        return;
    if (!proto::isValidName(topic)) {
        Q_EMIT actionFailed(tr("There is no topic called \"%1\".").arg(name.trimmed()));
        return;
    }
    const QString stream = u"topic:"_s + topic;
    if (m_account->store()->cursor(stream)) {
        Q_EMIT streamReady(stream);
        return;
    }
    // The subscription itself is the request: its refusal (not found, forbidden) is the answer.
    track(m_account->subscribe(stream), Action::SubscribeTopic, stream);
}

void StreamListModel::onAcknowledged(const QString &requestId, const proto::Ack &ack)
{
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend() || !m_account)
        return;
    const PendingAction pending = *it;
    m_pending.erase(it);
    const QString stream = proto::isValidStreamId(ack.stream) ? ack.stream : pending.stream;
    if (stream.isEmpty())
        return;
    if (pending.action != Action::SubscribeTopic && !m_account->store()->cursor(stream))
        m_account->subscribe(stream);
    Q_EMIT streamReady(stream);
}

void StreamListModel::onFailed(const proto::Error &error)
{
    const auto it = m_pending.constFind(error.id);
    if (it == m_pending.cend())
        return;
    const PendingAction pending = *it;
    m_pending.erase(it);
    // A refused topic must not be asked for again on every connection.
    if (pending.action == Action::SubscribeTopic && m_account)
        m_account->unsubscribe(pending.stream);
    QString why;
    switch (error.code) {
    case proto::ErrorCode::NotFound:
        why = pending.action == Action::OpenDm ? tr("There is no such user.")
                                               : tr("%1 does not exist.").arg(pending.stream);
        break;
    case proto::ErrorCode::Forbidden:
        why = pending.action == Action::CreateRoom ? tr("You may not create %1 (it may exist already).").arg(pending.stream)
                                                   : tr("You may not open %1.").arg(pending.stream);
        break;
    default:
        why = client::plainReason(error.message, error.code);
        break;
    }
    Q_EMIT actionFailed(why);
}

void StreamListModel::onUnanswered(const QString &requestId)
{
    if (m_pending.remove(requestId) > 0)
        Q_EMIT actionFailed(tr("Not connected to the relay: try again when the connection is back."));
}

} // namespace confab::app
