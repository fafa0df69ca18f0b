// ChatViewModel: what the user does in the open conversation (composer, message actions,
// paging and jumping), and the ephemeral signals (typing, members) that come with it.
#include "chatviewmodel.h"
#include "client/account/account.h"
#include "client/store/localstore.h"
#include "protocol/frames.h"
#include "protocol/protocolversion.h"

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::StoredMessage;
namespace proto = confab::protocol;

namespace {
constexpr int kOlderPage = 50;
constexpr int kJumpContext = 25;
constexpr int kMaxMentionCandidates = 8;
constexpr int kMaxJumpAttempts = 20;
} // namespace

void ChatViewModel::send(const QString &text, qint64 replyTo)
{
    const QString trimmed = text.trimmed();
    if (!canSend() || trimmed.isEmpty())
        return;
    m_account->sendMessage(m_stream, trimmed, replyTo > 0 ? std::optional(replyTo) : std::nullopt);
    setTyping(false);
}

void ChatViewModel::edit(qint64 seq, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!canSend() || seq <= 0 || trimmed.isEmpty())
        return;
    const std::optional<StoredMessage> message = m_account->store()->message(m_stream, seq);
    if (message && message->text == trimmed)
        return; // nothing changed: no "(edited)" for nothing
    m_account->editMessage(m_stream, seq, trimmed);
    setTyping(false);
}

void ChatViewModel::remove(qint64 seq)
{
    if (!canSend() || seq <= 0)
        return;
    m_account->deleteMessage(m_stream, seq);
}

void ChatViewModel::toggleReaction(qint64 seq, const QString &emoji)
{
    if (!canSend() || seq <= 0 || emoji.trimmed().isEmpty())
        return;
    const std::optional<StoredMessage> message = m_account->store()->message(m_stream, seq);
    const bool mine = message && message->reactions.value(emoji).contains(ownUser());
    m_account->react(m_stream, seq, emoji, mine);
}

void ChatViewModel::retry(const QString &outboxKey)
{
    if (!m_account)
        return;
    // Refused because the stream was closed to me? Then its subscription was refused too: ask
    // again, or the message, once accepted, would never show up here.
    if (!m_account->store()->cursor(m_stream))
        m_account->subscribe(m_stream);
    m_account->retry(outboxKey);
}

void ChatViewModel::discard(const QString &outboxKey)
{
    if (m_account)
        m_account->discard(outboxKey);
}

void ChatViewModel::loadOlder()
{
    if (!m_account || m_stream.isEmpty() || m_loadingOlder || !m_hasOlder)
        return;
    const qint64 oldest = m_messages.oldestSeq();
    if (oldest <= 0)
        return;
    client::LocalStore *store = m_account->store();
    const client::StreamCacheState cache = store->cacheState(m_stream);
    const QList<StoredMessage> cached = store->messages(m_stream, oldest, kOlderPage);
    // A full page without holes in the cache (or all there is): no need to ask the relay.
    const bool contiguous
        = cache.oldestCached > 0 && !cached.isEmpty() && cached.first().seq >= cache.oldestCached;
    if (!cached.isEmpty() && ((contiguous && cached.size() == kOlderPage) || !cache.olderOnRelay)) {
        widenTo(cached.first().seq);
        return;
    }
    m_olderBefore = oldest;
    setLoadingOlder(true);
    m_account->loadOlder(m_stream, oldest, kOlderPage);
}

void ChatViewModel::onOlderLoaded(const QString &stream, bool reachedStart)
{
    if (stream != m_stream || !m_account)
        return;
    if (m_pendingJump) {
        const qint64 seq = *m_pendingJump;
        if (jumpWithinCache(seq) || reachedStart || ++m_jumpAttempts >= kMaxJumpAttempts) {
            m_pendingJump.reset();
            setLoadingOlder(false);
            refreshCounts();
        } else {
            m_account->loadOlder(
                m_stream, m_account->store()->cacheState(m_stream).oldestCached, proto::kMaxHistoryLimit);
        }
        return;
    }
    if (!m_olderBefore)
        return;
    const QList<StoredMessage> page = m_account->store()->messages(m_stream, *m_olderBefore, kOlderPage);
    m_olderBefore.reset();
    setLoadingOlder(false);
    if (!page.isEmpty())
        widenTo(page.first().seq);
    refreshCounts();
}

bool ChatViewModel::jumpWithinCache(qint64 seq)
{
    client::LocalStore *store = m_account->store();
    if (!store->message(m_stream, seq))
        return false;
    const QList<StoredMessage> context = store->messages(m_stream, seq, kJumpContext);
    widenTo(context.isEmpty() ? seq : context.first().seq);
    const int row = m_messages.rowOfSeq(seq);
    if (row < 0)
        return false;
    Q_EMIT positionRequested(row);
    return true;
}

void ChatViewModel::jumpTo(qint64 seq)
{
    if (!m_account || m_stream.isEmpty() || seq <= 0)
        return;
    if (const int row = m_messages.rowOfSeq(seq); row >= 0) {
        Q_EMIT positionRequested(row);
        return;
    }
    if (jumpWithinCache(seq))
        return;
    // Not cached: page back from the relay until it is (or the history begins).
    const client::StreamCacheState cache = m_account->store()->cacheState(m_stream);
    if (!cache.olderOnRelay || (cache.oldestCached > 0 && seq >= cache.oldestCached))
        return; // gone (deleted history) or never existed
    m_pendingJump = seq;
    m_jumpAttempts = 0;
    m_olderBefore.reset();
    setLoadingOlder(true);
    const qint64 from = cache.oldestCached > 0 ? cache.oldestCached : m_messages.oldestSeq();
    const int count = int(std::clamp<qint64>(from - seq + kJumpContext, kOlderPage, proto::kMaxHistoryLimit));
    m_account->loadOlder(m_stream, from > 0 ? std::optional(from) : std::nullopt, count);
}

void ChatViewModel::jumpToFirstUnread()
{
    if (m_firstUnreadSeq > 0)
        jumpTo(m_firstUnreadSeq);
}

void ChatViewModel::markAllRead()
{
    if (!m_account || m_stream.isEmpty())
        return;
    // Up to the newest row shown, not the newest stored: during a flood the store runs up to an
    // update ahead of the rows, and what nobody saw must not count as read.
    const qint64 shown = m_messages.newestSeq();
    if (shown <= 0)
        return;
    // Only forward: a marker set further on by another desktop stays where it is.
    // The view calls this whenever the newest row is in sight: one request per new message.
    client::LocalStore *store = m_account->store();
    if (shown <= store->cacheState(m_stream).readMarker || shown <= m_markedSeq)
        return;
    m_markedSeq = shown;
    m_account->markRead(m_stream, shown);
    if (m_unreadCount != 0) {
        m_unreadCount = 0;
        Q_EMIT unreadCountChanged();
    }
}

void ChatViewModel::setTyping(bool active)
{
    if (!canSend())
        return;
    if (active) {
        if (m_typingActive && m_typingSent.isValid() && m_typingSent.elapsed() < m_typingInterval.count())
            return; // the others' indicator is still up; refresh it only every few seconds
        m_account->engine()->setTyping(m_stream, true);
        m_typingActive = true;
        m_typingSent.start();
        return;
    }
    if (!m_typingActive)
        return;
    m_account->engine()->setTyping(m_stream, false);
    m_typingActive = false;
    m_typingSent.invalidate();
}

void ChatViewModel::onTyping(const proto::Typing &typing)
{
    if (typing.stream != m_stream || typing.user == ownUser())
        return;
    m_typing.received(typing.user, typing.active);
}

void ChatViewModel::requestMembers()
{
    if (!m_account || m_kind != "room"_L1 || m_membersReceived)
        return;
    if (m_account->engine()->state() != client::ClientEngine::State::Connected)
        return; // asked again once authenticated
    m_membersRequest = m_account->engine()->listMembers(m_stream);
}

void ChatViewModel::onMembers(const proto::Members &members)
{
    if (members.stream != m_stream)
        return;
    m_membersReceived = true;
    QStringList users;
    for (const proto::MemberInfo &member : members.members)
        users.append(member.user);
    addMembers(users);
}

void ChatViewModel::addMembers(const QStringList &users)
{
    QStringList merged = m_members;
    for (const QString &user : users) {
        if (!user.isEmpty() && !merged.contains(user))
            merged.append(user);
    }
    if (merged.size() == m_members.size())
        return;
    std::sort(merged.begin(), merged.end());
    m_members = merged;
    Q_EMIT membersChanged();
}

QStringList ChatViewModel::mentionCandidates(const QString &prefix) const
{
    const QString wanted = prefix.startsWith(u'@') ? prefix.mid(1) : prefix;
    const QString me = ownUser();
    QStringList candidates;
    for (const QString &user : m_members) {
        if (user == me || !user.startsWith(wanted, Qt::CaseInsensitive))
            continue;
        candidates.append(user);
        if (candidates.size() == kMaxMentionCandidates)
            break;
    }
    return candidates;
}

} // namespace confab::app
