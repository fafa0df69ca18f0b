// ClientSession: posting to rooms and dms (send, edit, delete, react), read markers and typing.
#include "clientsession.h"
#include "eventstore.h"
#include "protocol/codec.h"
#include "streamhub.h"

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::MessageType;
using protocol::StreamKind;

namespace {

// Chat events belong in conversations; topics take `publish`, user streams are the relay's.
bool isConversation(const StreamInfo &stream)
{
    return stream.kind == StreamKind::Room || stream.kind == StreamKind::Dm;
}

template<typename StoredFrame>
NewEvent chatEvent(const QString &stream, MessageType type, const QString &sender, const QString &clientMsgId,
    std::optional<qint64> target, StoredFrame frame)
{
    frame.sender = sender;
    frame.clientMsgId = clientMsgId;
    NewEvent event;
    event.stream = stream;
    event.type = type;
    event.sender = sender;
    event.clientMsgId = clientMsgId;
    event.target = target;
    event.encode = encoderFor(std::move(frame));
    return event;
}

} // namespace

std::optional<StoredEvent> ClientSession::checkedTarget(
    const QString &requestId, const StreamInfo &stream, qint64 target, bool mustBeOwn)
{
    const StoreResult<std::optional<StoredEvent>> event = m_services.store.event(stream.id, target);
    if (!event.ok()) {
        sendError(requestId, ErrorCode::Internal, u"the relay could not read the stream; try again"_s);
        return std::nullopt;
    }
    if (!event.value()) {
        sendError(requestId, ErrorCode::NotFound, u"%1 has no event %2"_s.arg(stream.id).arg(target));
        return std::nullopt;
    }
    if (event.value()->type != MessageType::Message) {
        sendError(requestId, ErrorCode::InvalidField,
            u"event %1 of %2 is not a message"_s.arg(target).arg(stream.id));
        return std::nullopt;
    }
    if (mustBeOwn && event.value()->sender != m_user) {
        sendError(requestId, ErrorCode::Forbidden, u"message %1 was written by someone else"_s.arg(target));
        return std::nullopt;
    }
    return event.value();
}

void ClientSession::onSend(const protocol::Send &send)
{
    if (answeredAsRepeat(send.id, send.clientMsgId))
        return;
    const std::optional<StreamInfo> stream = allowed(send.id, send.stream, AccessPolicy::Use::Post);
    if (!stream)
        return;
    if (!isConversation(*stream)) {
        sendError(send.id, ErrorCode::InvalidField, u"send posts to rooms and dms; topics take publish"_s);
        return;
    }
    if (send.replyTo && (*send.replyTo > stream->lastSeq || *send.replyTo < 1)) {
        sendError(send.id, ErrorCode::NotFound,
            u"%1 has no event %2 to reply to"_s.arg(stream->id).arg(*send.replyTo));
        return;
    }
    protocol::Message message;
    message.text = send.text;
    message.replyTo = send.replyTo;
    message.attachment = send.attachment;
    commit(send.id,
        { chatEvent(stream->id, MessageType::Message, m_user, send.clientMsgId, std::nullopt, message) },
        [this, id = send.id](
            const QList<AppendOutcome> &outcomes) { acknowledgeStored(id, outcomes.value(0)); });
}

void ClientSession::onEdit(const protocol::Edit &edit)
{
    if (answeredAsRepeat(edit.id, edit.clientMsgId))
        return;
    const std::optional<StreamInfo> stream = allowed(edit.id, edit.stream, AccessPolicy::Use::Post);
    if (!stream || !checkedTarget(edit.id, *stream, edit.target, /*mustBeOwn=*/true))
        return;
    protocol::Edited edited;
    edited.target = edit.target;
    edited.text = edit.text;
    commit(edit.id,
        { chatEvent(stream->id, MessageType::Edited, m_user, edit.clientMsgId, edit.target, edited) },
        [this, id = edit.id](
            const QList<AppendOutcome> &outcomes) { acknowledgeStored(id, outcomes.value(0)); });
}

void ClientSession::onDelete(const protocol::Delete &del)
{
    if (answeredAsRepeat(del.id, del.clientMsgId))
        return;
    const std::optional<StreamInfo> stream = allowed(del.id, del.stream, AccessPolicy::Use::Post);
    if (!stream || !checkedTarget(del.id, *stream, del.target, /*mustBeOwn=*/true))
        return;
    protocol::Deleted deleted;
    deleted.target = del.target;
    commit(del.id,
        { chatEvent(stream->id, MessageType::Deleted, m_user, del.clientMsgId, del.target, deleted) },
        [this, id = del.id](
            const QList<AppendOutcome> &outcomes) { acknowledgeStored(id, outcomes.value(0)); });
}

void ClientSession::onReact(const protocol::React &react)
{
    if (answeredAsRepeat(react.id, react.clientMsgId))
        return;
    const std::optional<StreamInfo> stream = allowed(react.id, react.stream, AccessPolicy::Use::Post);
    if (!stream || !checkedTarget(react.id, *stream, react.target, /*mustBeOwn=*/false))
        return;
    protocol::Reaction reaction;
    reaction.target = react.target;
    reaction.emoji = react.emoji;
    reaction.remove = react.remove;
    commit(react.id,
        { chatEvent(stream->id, MessageType::Reaction, m_user, react.clientMsgId, react.target, reaction) },
        [this, id = react.id](
            const QList<AppendOutcome> &outcomes) { acknowledgeStored(id, outcomes.value(0)); });
}

void ClientSession::onMarkRead(const protocol::MarkRead &markRead)
{
    const std::optional<StreamInfo> stream = allowed(markRead.id, markRead.stream, AccessPolicy::Use::Read);
    if (!stream)
        return;
    if (markRead.seq > stream->lastSeq) {
        sendError(markRead.id, ErrorCode::InvalidField,
            u"%1 has no event %2 yet (its head is %3)"_s.arg(stream->id)
                .arg(markRead.seq)
                .arg(stream->lastSeq));
        return;
    }
    const QString userStream = protocol::userStreamId(m_user);
    const StoreResult<qint64> marker = m_services.store.readMarker(m_user, stream->id);
    if (!marker.ok()) {
        sendError(
            markRead.id, ErrorCode::Internal, u"the relay could not read your read marker; try again"_s);
        return;
    }
    if (markRead.seq <= marker.value()) {
        // Markers only move forward: nothing to store, and nothing the other desktops need.
        acknowledge(markRead.id, userStream);
        return;
    }
    protocol::Read read;
    read.targetStream = stream->id;
    read.target = markRead.seq;
    NewEvent event = chatEvent(userStream, MessageType::Read, m_user, {}, markRead.seq, read);
    event.ensureStream = NewStream { userStream, {}, {}, m_user };
    event.readMarker = ReadMarkerChange { m_user, stream->id, markRead.seq };
    commit(markRead.id, { std::move(event) }, [this, id = markRead.id](const QList<AppendOutcome> &outcomes) {
        acknowledgeStored(id, outcomes.value(0));
    });
}

void ClientSession::onSetTyping(const protocol::SetTyping &setTyping)
{
    // Never acknowledged; a refusal is only worth an error when the client asked with an id.
    const AccessPolicy::Verdict verdict
        = m_services.access.check(m_identity, setTyping.stream, AccessPolicy::Use::Post);
    if (!verdict.allowed() || !isConversation(*verdict.stream)) {
        if (!setTyping.id.isEmpty())
            sendError(setTyping.id, verdict.allowed() ? ErrorCode::InvalidField : verdict.code,
                verdict.allowed() ? u"typing applies to rooms and dms"_s : verdict.message);
        return;
    }
    const QByteArray frame
        = protocol::encode(protocol::Typing { setTyping.stream, m_user, setTyping.active });
    m_services.hub.publishExcept(setTyping.stream, frame, this);
}

} // namespace confab::relay
