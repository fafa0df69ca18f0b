// ClientSession: notification topics: publish (now or scheduled) and dismiss.
#include "clientsession.h"
#include "eventstore.h"
#include "notificationevents.h"

#include <QDateTime>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::MessageType;
using protocol::StreamKind;

void ClientSession::onPublish(const protocol::Publish &publish)
{
    if (answeredAsRepeat(publish.id, publish.clientMsgId))
        return;
    if (protocol::streamKindOf(publish.stream) != StreamKind::Topic) {
        sendError(publish.id, ErrorCode::InvalidField, u"publish posts to topics; rooms and dms take send"_s);
        return;
    }
    const std::optional<StreamInfo> stream = allowed(publish.id, publish.stream, AccessPolicy::Use::Post);
    if (!stream)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool scheduled = publish.deliverAt && *publish.deliverAt > now;
    if (scheduled && publish.expiresAt && *publish.expiresAt <= *publish.deliverAt) {
        sendError(publish.id, ErrorCode::InvalidField,
            u"expires_at must be after deliver_at; this notification would never be shown"_s);
        return;
    }
    NewEvent event = scheduled ? NotificationEvents::schedule(publish, m_user)
                               : NotificationEvents::append(publish, m_user);
    commit(publish.id, { std::move(event) }, [this, id = publish.id](const QList<AppendOutcome> &outcomes) {
        acknowledgeStored(id, outcomes.value(0));
    });
}

void ClientSession::onDismiss(const protocol::Dismiss &dismiss)
{
    if (protocol::streamKindOf(dismiss.stream) != StreamKind::Topic) {
        sendError(dismiss.id, ErrorCode::InvalidField, u"dismiss applies to notifications in topics"_s);
        return;
    }
    const std::optional<StreamInfo> stream = allowed(dismiss.id, dismiss.stream, AccessPolicy::Use::Read);
    if (!stream)
        return;
    if (dismiss.target < 1 || dismiss.target > stream->lastSeq) {
        sendError(dismiss.id, ErrorCode::NotFound,
            u"%1 has no notification %2"_s.arg(stream->id).arg(dismiss.target));
        return;
    }
    const QString userStream = protocol::userStreamId(m_user);
    protocol::Dismissed dismissed;
    dismissed.sender = m_user;
    dismissed.targetStream = stream->id;
    dismissed.target = dismiss.target;
    dismissed.all = dismiss.all;
    NewEvent event;
    event.stream = userStream;
    event.type = MessageType::Dismissed;
    event.sender = m_user;
    event.target = dismiss.target;
    event.encode = encoderFor(std::move(dismissed));
    event.ensureStream = NewStream { userStream, {}, {}, m_user };
    commit(dismiss.id, { std::move(event) }, [this, id = dismiss.id](const QList<AppendOutcome> &outcomes) {
        acknowledgeStored(id, outcomes.value(0));
    });
}

} // namespace confab::relay
