// Account: requests that create stored events go through the persistent outbox. Each is written
// (committed) to the store before the engine may send it, under a key that is also its
// client_msg_id, so a resend after a reconnect or a restart is recognised by the relay and stored
// only once.
#include "account_p.h"
#include "client/connectionerrors.h"
#include "protocol/codec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {
// The relay closes a connection that sends a larger WebSocket message (docs/protocol.md 3.1), so
// such a request must never leave: it would be resent, and refused, forever. The relay's default,
// for when it has not advertised its own limit (welcome.limits.max_message_bytes) yet.
constexpr qint64 kDefaultMaxFrameBytes = 64 * 1024;
// The stored frame has no request id; the one the engine adds ("id":"<uuid>",) and some slack.
constexpr qint64 kRequestIdHeadroom = 64;

QString newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Stored frames carry no request id (the engine gives each send its own); decode() wants one.
proto::DecodeResult decodeStored(const QByteArray &frame)
{
    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(frame, &parseError);
    if (!document.isObject())
        return proto::decode(frame); // the codec's own words for what is wrong
    QJsonObject object = document.object();
    if (object.value("id"_L1).toString().isEmpty())
        object.insert("id"_L1, u"outbox"_s);
    return proto::decode(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString refusal(const proto::Error &error, const QString &stream)
{
    const QString reason = plainReason(error.message, error.code);
    switch (error.code) {
    case proto::ErrorCode::Forbidden:
        return u"You may not post to %1 (%2)."_s.arg(stream, reason);
    case proto::ErrorCode::NotFound:
        return u"%1 does not exist, or you cannot see it (%2)."_s.arg(stream, reason);
    case proto::ErrorCode::TooLarge:
        return u"It is too large for the relay (%1)."_s.arg(reason);
    default:
        return u"The relay refused it: %1"_s.arg(reason);
    }
}
} // namespace

QString Account::Private::enqueueAndSubmit(
    const proto::Frame &frame, const QString &key, const QString &stream, const QString &text)
{
    // The entry must be on disk before the request can leave, even in the middle of a catch-up.
    commitBatch();
    const std::optional<OutboxEntry> entry = store.enqueue(key, stream, proto::encode(frame), text);
    if (!entry) {
        // Without the store the request is still worth sending; it only won't survive a restart.
        Q_EMIT q->problem(u"Confab could not save an outgoing message, so it is lost if Confab quits "
                          "before it is delivered: %1"_s.arg(store.lastError()));
        engine->submit(frame, key);
        return key;
    }
    submitEntry(*entry);
    Q_EMIT q->outboxChanged(stream);
    return key;
}

void Account::Private::submitEntry(const OutboxEntry &entry)
{
    const std::optional<proto::RelayLimits> limits = engine->relayLimits();
    const qint64 maxFrameBytes
        = limits && limits->maxMessageBytes > 0 ? limits->maxMessageBytes : kDefaultMaxFrameBytes;
    if (entry.frame.size() + kRequestIdHeadroom > maxFrameBytes) {
        markFailed(entry.key, entry.stream, proto::errorCodeName(proto::ErrorCode::TooLarge),
            u"It is too large to send (%1 KiB; the relay's limit is %2 KiB)."_s
                .arg((entry.frame.size() + 1023) / 1024)
                .arg(maxFrameBytes / 1024));
        return;
    }
    const proto::DecodeResult decoded = decodeStored(entry.frame);
    if (!decoded.ok()) {
        markFailed(entry.key, entry.stream, proto::errorCodeName(decoded.error().code),
            u"It cannot be sent: %1."_s.arg(decoded.error().message));
        return;
    }
    if (engine->submit(decoded.frame(), entry.key).isEmpty()) {
        markFailed(entry.key, entry.stream, proto::errorCodeName(proto::ErrorCode::UnexpectedType),
            u"It is not a request Confab can send."_s);
    }
}

void Account::Private::onEventAcknowledged(const QString &key, const proto::Ack &)
{
    const std::optional<OutboxEntry> entry = store.outboxEntry(key);
    if (!entry)
        return;
    store.acknowledge(key);
    Q_EMIT q->outboxChanged(entry->stream);
}

void Account::Private::onEventFailed(const QString &key, const proto::Error &error)
{
    // "Not now" refusals stay in the engine, which sends them again; the entry stays Sending.
    if (error.code == proto::ErrorCode::RateLimited || error.code == proto::ErrorCode::Internal)
        return;
    const std::optional<OutboxEntry> entry = store.outboxEntry(key);
    if (!entry)
        return;
    markFailed(key, entry->stream, proto::errorCodeName(error.code), refusal(error, entry->stream));
}

void Account::Private::markFailed(
    const QString &key, const QString &stream, const QString &code, const QString &why)
{
    qCInfo(lcAccount).noquote() << "outbox entry" << key << "failed:" << code << why;
    commitBatch();
    store.markFailed(key, code, why);
    // Queued: a caller that just got the key back sees the failure after it, not before.
    QMetaObject::invokeMethod(
        q, [this, stream] { Q_EMIT q->outboxChanged(stream); }, Qt::QueuedConnection);
}

QString Account::sendMessage(const QString &stream, const QString &text, std::optional<qint64> replyTo)
{
    const QString key = newKey();
    return d->enqueueAndSubmit(proto::Send { {}, stream, key, text, replyTo }, key, stream, text);
}

QString Account::editMessage(const QString &stream, qint64 target, const QString &text)
{
    const QString key = newKey();
    return d->enqueueAndSubmit(proto::Edit { {}, stream, key, target, text }, key, stream, text);
}

QString Account::deleteMessage(const QString &stream, qint64 target)
{
    const QString key = newKey();
    return d->enqueueAndSubmit(proto::Delete { {}, stream, key, target }, key, stream, {});
}

QString Account::react(const QString &stream, qint64 target, const QString &emoji, bool remove)
{
    const QString key = newKey();
    return d->enqueueAndSubmit(proto::React { {}, stream, key, target, emoji, remove }, key, stream, {});
}

QString Account::markRead(const QString &stream, qint64 seq)
{
    return d->enqueueAndSubmit(proto::MarkRead { {}, stream, seq }, newKey(), stream, {});
}

QString Account::publish(const QString &topic, const NotificationDraft &notification)
{
    const QString key = newKey();
    const proto::Publish publish = toPublish(notification, topic, key);
    return d->enqueueAndSubmit(publish, key, topic, notification.body);
}

QString Account::dismiss(const QString &topic, qint64 target, bool all)
{
    return d->enqueueAndSubmit(proto::Dismiss { {}, topic, target, all }, newKey(), topic, {});
}

bool Account::retry(const QString &key)
{
    const std::optional<OutboxEntry> entry = d->store.outboxEntry(key);
    if (!entry || entry->state != OutboxEntry::State::Failed)
        return false;
    d->commitBatch();
    if (!d->store.retry(key))
        return false;
    const std::optional<OutboxEntry> again = d->store.outboxEntry(key);
    if (!again)
        return false;
    d->submitEntry(*again);
    Q_EMIT outboxChanged(again->stream);
    return true;
}

bool Account::discard(const QString &key)
{
    const std::optional<OutboxEntry> entry = d->store.outboxEntry(key);
    // A request still Sending may be on its way; the engine cannot call it back.
    if (!entry || entry->state != OutboxEntry::State::Failed)
        return false;
    d->commitBatch();
    if (!d->store.discard(key))
        return false;
    Q_EMIT outboxChanged(entry->stream);
    return true;
}

} // namespace confab::client
