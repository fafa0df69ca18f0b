// ClientEngine::Private: the answers and markers the relay sends (the stored events themselves are
// delivered by Private::deliver() in clientengine_p.h).
#include "clientengine_p.h"

#include "connectionerrors.h"
#include "protocol/codec.h"

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;
using Kind = SessionLedger::RequestKind;

void ClientEngine::Private::handle(const proto::Welcome &welcome)
{
    if (state != State::Authenticating) {
        qCWarning(lcClient) << "ignoring a welcome outside of authentication";
        return;
    }
    connectTimer.stop();
    relayLimits = welcome.limits;
    pacer.startSession(welcome.limits);
    watchdog.start();
    user = welcome.user;
    qCInfo(lcClient).noquote() << "authenticated as" << user << "at" << relayAddress(url) << "by"
                               << welcome.server;

    // Restore the session before anyone hears about it, so a subscribe() made from a handler of
    // authenticated() is a request of its own and never doubles one of these.
    state = State::Connected;
    qCDebug(lcClient) << "state" << state;
    for (const SessionLedger::Subscription &subscription : ledger.subscriptionsForNewSession(newId))
        sendSubscribe(subscription.stream, subscription.requestId, subscription.explicitSince);
    for (const SessionLedger::OutgoingRequest &request : ledger.outbox())
        sendOutgoing(request);
    if (ledger.presence() != proto::PresenceStatus::Online)
        sendFrame(proto::SetPresence{{}, ledger.presence()});

    // The token first: it is shown only this once, and a handler of the signals below may
    // already disconnect.
    if (!welcome.token.isEmpty()) {
        const QDateTime expires = welcome.tokenExpires
            ? QDateTime::fromMSecsSinceEpoch(*welcome.tokenExpires).toUTC()
            : QDateTime();
        Q_EMIT q->sessionTokenIssued(welcome.token, expires);
    }
    Q_EMIT q->stateChanged(state);
    Q_EMIT q->authenticated(user);
}

void ClientEngine::Private::handle(const proto::Ack &ack)
{
    if (!logoutRequestId.isEmpty() && ack.id == logoutRequestId) {
        finishLogout();
        return;
    }
    const std::optional<SessionLedger::PendingRequest> request = ledger.settle(ack.id);
    if (!request) {
        qCDebug(lcClient) << "ignoring an ack for an unknown request" << ack.id;
        return;
    }
    ledger.acknowledged(*request);
    switch (request->kind) {
    case Kind::Subscribe:
        // A stream unsubscribed meanwhile keeps no position.
        if (ledger.hasStream(request->stream)) {
            if (request->explicitSince)
                cursors.reset(request->stream, *request->since); // what follows is the replay asked for
            else if (!request->since)
                cursors.raise(request->stream, {ack.epoch, ack.seq}); // live from the head on
        }
        Q_EMIT q->subscribed(request->stream, ack.seq);
        return;
    case Kind::History:
        Q_EMIT q->historyFetched(ack.id, request->stream, ack.seq, ack.hasMore.value_or(false));
        return;
    case Kind::Send:
        Q_EMIT q->messageAcknowledged(request->stream, request->key, ack.seq);
        Q_EMIT q->eventAcknowledged(request->key, ack);
        return;
    case Kind::Edit:
    case Kind::Delete:
    case Kind::React:
    case Kind::MarkRead:
    case Kind::Publish:
    case Kind::Dismiss:
        Q_EMIT q->eventAcknowledged(request->key, ack);
        return;
    case Kind::Unsubscribe:
    case Kind::CreateRoom:
    case Kind::Invite:
    case Kind::Join:
    case Kind::Leave:
    case Kind::OpenDm:
    case Kind::ListMembers: // answered by members, not ack; accept either
    case Kind::ListStreams:
        Q_EMIT q->requestAcknowledged(ack.id, ack);
        return;
    }
}

void ClientEngine::Private::handle(const proto::Error &error)
{
    if (state == State::Authenticating) {
        if (error.code == proto::ErrorCode::AuthFailed && !token.isEmpty()) {
            fail(Failure::TokenRejected,
                 u"Your saved sign-in has expired or was revoked; please sign in again."_s);
        } else if (error.code == proto::ErrorCode::AuthFailed) {
            fail(Failure::AuthFailed, u"Wrong user name or password."_s);
        } else if (error.code == proto::ErrorCode::UnsupportedProtocol) {
            fail(Failure::Refused,
                 u"The relay at %1 does not support this version of Confab."_s.arg(relayAddress(url)));
        } else {
            fail(Failure::Refused, u"The relay at %1 refused the login: %2"_s.arg(
                                       relayAddress(url), plainReason(error.message, error.code)));
        }
        return;
    }
    if (state != State::Connected)
        return;

    const std::optional<SessionLedger::PendingRequest> request = ledger.settle(error.id);
    if (!request) {
        qCWarning(lcClient).noquote() << "the relay reported an error:" << proto::errorCodeName(error.code)
                                      << "-" << error.message;
        Q_EMIT q->requestFailed(error);
        return;
    }
    ledger.refused(*request, error.code);
    if (request->kind == Kind::Send)
        Q_EMIT q->messageFailed(request->stream, request->key, error);
    if (SessionLedger::isStoredKind(request->kind))
        Q_EMIT q->eventFailed(request->key, error);
    Q_EMIT q->requestFailed(error);
}

void ClientEngine::Private::handle(const proto::Synced &synced)
{
    if (synced.recovered) {
        cursors.raise(synced.stream, {synced.epoch, synced.seq});
    } else {
        // The gap cannot be filled: live delivery starts at the head, and the caller fetches
        // history (from the head backwards) for what lies before it.
        qCInfo(lcClient).noquote() << "the relay could not replay what" << synced.stream
                                   << "missed; a resync is needed";
        cursors.reset(synced.stream, {synced.epoch, synced.seq});
    }
    Q_EMIT q->synced(synced.stream, synced.epoch, synced.seq, synced.recovered);
    if (!synced.recovered)
        Q_EMIT q->resyncNeeded(synced.stream);
}

void ClientEngine::Private::handle(const proto::Members &members)
{
    ledger.settle(members.id);
    Q_EMIT q->membersReceived(members);
}

void ClientEngine::Private::handle(const proto::Streams &streams)
{
    ledger.settle(streams.id);
    Q_EMIT q->streamsReceived(streams);
}

} // namespace confab::client
