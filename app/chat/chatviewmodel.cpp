#include "chatviewmodel.h"

#include "client/account/account.h"
#include "client/store/localstore.h"
#include "protocol/streamid.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::Account;
using client::OutboxEntry;
using client::StoredMessage;
namespace proto = confab::protocol;

namespace {
// What opening a conversation shows: the newest messages; older ones come page by page.
constexpr int kWindow = 100;
// Reading the window back from the store in pages of this size.
constexpr int kReadPage = 500;
// While the view follows the newest message, the window grows with new messages up to this
// size, then slides back to the newest kWindow.
constexpr int kFollowWindow = 2 * kWindow;
} // namespace

ChatViewModel::ChatViewModel(QObject *parent) : QObject(parent)
{
    connect(&m_typing, &TypingTracker::changed, this, &ChatViewModel::typingTextChanged);
}

ChatViewModel::~ChatViewModel()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
}

void ChatViewModel::open(Account *account, const QString &stream)
{
    close();
    if (!account || !account->store() || !proto::isValidStreamId(stream))
        return;
    m_account = account;
    m_stream = stream;
    const QString me = ownUser();
    switch (proto::streamKindOf(stream).value_or(proto::StreamKind::Room)) {
    case proto::StreamKind::Room:
        m_kind = u"room"_s;
        m_title = u"# "_s + proto::streamName(stream);
        break;
    case proto::StreamKind::Dm: {
        m_kind = u"dm"_s;
        QStringList others = proto::dmMembers(stream);
        if (others.size() > 1)
            others.removeAll(me);
        m_title = others.join(u", "_s);
        m_members = proto::dmMembers(stream);
        break;
    }
    case proto::StreamKind::Topic:
        m_kind = u"topic"_s;
        m_title = proto::streamName(stream);
        break;
    case proto::StreamKind::User:
        m_kind = u"user"_s;
        m_title = proto::streamName(stream);
        break;
    }

    client::LocalStore *store = account->store();
    if (!store->cursor(stream))
        account->subscribe(stream); // nothing cached yet: the account fetches the newest page

    m_connections = {
        connect(account, &Account::streamChanged, this,
            [this](const QString &s) {
                if (s == m_stream)
                    reload();
            }),
        connect(account, &Account::outboxChanged, this,
            [this](const QString &s) {
                // The page marks the room read as messages arrive, and each mark goes through the
                // outbox: reload (and lay out the view) only when what the rows show changed.
                if (s == m_stream && outboxOfStream() != m_outbox)
                    reload();
            }),
        connect(account, &Account::olderLoaded, this, &ChatViewModel::onOlderLoaded),
        connect(account, &QObject::destroyed, this, &ChatViewModel::close),
        connect(account->engine(), &client::ClientEngine::typingChanged, this, &ChatViewModel::onTyping),
        connect(account->engine(), &client::ClientEngine::membersReceived, this, &ChatViewModel::onMembers),
        connect(account->engine(), &client::ClientEngine::authenticated, this,
            [this] {
                if (!m_membersReceived)
                    requestMembers();
            }),
    };

    m_messages.setOwnUser(me);
    m_messages.setAttachmentFetcher(client::AttachmentFetcher::forAccount(account));
    m_messages.setLookup([this](qint64 seq) -> std::optional<StoredMessage> {
        if (!m_account || !m_account->store())
            return std::nullopt;
        return m_account->store()->message(m_stream, seq);
    });
    m_epoch = store->cacheState(stream).epoch;
    const QList<StoredMessage> window = store->messages(stream, std::nullopt, kWindow);
    // Fixed while the conversation stays open, so the "new messages" line does not run away
    // as the user reads.
    m_firstUnreadSeq = findFirstUnread();
    m_messages.setFirstUnreadSeq(m_firstUnreadSeq);
    m_outbox = outboxOfStream();
    m_messages.reset(window, m_outbox);
    m_lowSeq = m_messages.oldestSeq();
    m_newestLoaded = m_messages.newestSeq();
    addMembers(m_messages.senders());
    requestMembers();
    refreshCounts();
    Q_EMIT openedChanged();
    Q_EMIT firstUnreadSeqChanged();
}

void ChatViewModel::close()
{
    if (m_typingActive && m_account && !m_stream.isEmpty())
        m_account->engine()->setTyping(m_stream, false);
    m_typingActive = false;
    m_typingSent.invalidate();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    const bool wasOpen = !m_stream.isEmpty();
    m_account = nullptr;
    m_stream.clear();
    m_kind.clear();
    m_title.clear();
    m_lowSeq = 0;
    m_newestLoaded = 0;
    m_epoch.clear();
    m_markedSeq = 0;
    m_olderBefore.reset();
    m_pendingJump.reset();
    m_membersReceived = false;
    m_membersRequest.clear();
    m_messages.setLookup({});
    m_messages.setAttachmentFetcher(nullptr);
    m_messages.setFirstUnreadSeq(0);
    m_messages.clear();
    m_typing.clear();
    if (!wasOpen)
        return;
    m_firstUnreadSeq = 0;
    m_unreadCount = 0;
    m_members.clear();
    setLoadingOlder(false);
    setHasOlder(false);
    Q_EMIT openedChanged();
    Q_EMIT firstUnreadSeqChanged();
    Q_EMIT unreadCountChanged();
    Q_EMIT membersChanged();
}

Account *ChatViewModel::account() const
{
    return m_account;
}

QString ChatViewModel::streamId() const
{
    return m_stream;
}
QString ChatViewModel::title() const
{
    return m_title;
}
QString ChatViewModel::kind() const
{
    return m_kind;
}
MessageListModel *ChatViewModel::messages()
{
    return &m_messages;
}
QString ChatViewModel::typingText() const
{
    return m_typing.text();
}
qint64 ChatViewModel::firstUnreadSeq() const
{
    return m_firstUnreadSeq;
}
int ChatViewModel::unreadCount() const
{
    return m_unreadCount;
}
bool ChatViewModel::hasOlder() const
{
    return m_hasOlder;
}
bool ChatViewModel::loadingOlder() const
{
    return m_loadingOlder;
}
QStringList ChatViewModel::members() const
{
    return m_members;
}
bool ChatViewModel::atNewest() const
{
    return m_atNewest;
}
void ChatViewModel::setAtNewest(bool atNewest)
{
    if (m_atNewest == atNewest)
        return;
    m_atNewest = atNewest;
    Q_EMIT atNewestChanged();
}

bool ChatViewModel::canSend() const
{
    // A topic takes notifications (publish), not chat messages.
    return m_account && (m_kind == "room"_L1 || m_kind == "dm"_L1);
}

QString ChatViewModel::ownUser() const
{
    return m_account ? m_account->settings().username : QString();
}

void ChatViewModel::setTypingExpiry(std::chrono::milliseconds expiry)
{
    m_typing.setExpiry(expiry);
}

void ChatViewModel::setTypingInterval(std::chrono::milliseconds interval)
{
    m_typingInterval = interval;
}

QList<StoredMessage> ChatViewModel::loadWindow()
{
    client::LocalStore *store = m_account->store();
    if (m_lowSeq <= 0)
        return store->messages(m_stream, std::nullopt, kWindow);
    if (m_atNewest) {
        // The newest kFollowWindow messages hold the whole window while it is small. When new
        // messages have pushed it past that size, it slides to the newest kWindow, as if the room
        // had just been opened (nobody is reading the old rows: the view is at the newest).
        QList<StoredMessage> newest = store->messages(m_stream, std::nullopt, kFollowWindow);
        const bool fits = newest.size() < kFollowWindow || newest.first().seq <= m_lowSeq;
        if (fits) {
            newest.erase(std::remove_if(newest.begin(), newest.end(),
                             [this](const StoredMessage &m) { return m.seq < m_lowSeq; }),
                newest.end());
            return newest;
        }
        if (newest.last().seq > m_newestLoaded) {
            newest.remove(0, newest.size() - kWindow);
            m_lowSeq = newest.first().seq;
            return newest;
        }
        // Widened on purpose (older pages, a jump): the whole window, below.
    }
    // Everything from the window's lowest seq up to the newest, read back page by page.
    QList<StoredMessage> window;
    std::optional<qint64> before;
    while (true) {
        QList<StoredMessage> page = store->messages(m_stream, before, kReadPage);
        const bool complete = page.isEmpty() || page.first().seq <= m_lowSeq || page.size() < kReadPage;
        page.erase(std::remove_if(
                       page.begin(), page.end(), [this](const StoredMessage &m) { return m.seq < m_lowSeq; }),
            page.end());
        window = page + window;
        if (complete)
            return window;
        before = page.first().seq;
    }
}

QList<OutboxEntry> ChatViewModel::outboxOfStream() const
{
    // The rows show messages on their way and changes to messages; read markers show nowhere.
    const auto shown = [this](const OutboxEntry &e) {
        if (e.stream != m_stream)
            return false;
        const QString type = QJsonDocument::fromJson(e.frame).object().value("type"_L1).toString();
        return type == "send"_L1 || type == "edit"_L1 || type == "delete"_L1 || type == "react"_L1;
    };
    QList<OutboxEntry> entries = m_account->store()->outbox();
    entries.erase(
        std::remove_if(entries.begin(), entries.end(), [&](const OutboxEntry &e) { return !shown(e); }),
        entries.end());
    return entries;
}

void ChatViewModel::reload()
{
    if (!m_account || m_stream.isEmpty())
        return;
    // The relay reset the stream's history (another epoch): its seqs start over, so the window
    // starts over at the newest page.
    const QString epoch = m_account->store()->cacheState(m_stream).epoch;
    if (epoch != m_epoch) {
        if (!m_epoch.isEmpty() && !epoch.isEmpty())
            m_lowSeq = 0;
        m_epoch = epoch;
    }
    m_outbox = outboxOfStream();
    m_messages.update(loadWindow(), m_outbox);
    if (m_lowSeq <= 0)
        m_lowSeq = m_messages.oldestSeq();
    m_newestLoaded = m_messages.newestSeq();
    addMembers(m_messages.senders());
    refreshCounts();
}

void ChatViewModel::refreshCounts()
{
    client::LocalStore *store = m_account->store();
    const client::StreamCacheState cache = store->cacheState(m_stream);
    if (cache.unread != m_unreadCount) {
        m_unreadCount = cache.unread;
        Q_EMIT unreadCountChanged();
    }
    const qint64 oldest = m_messages.oldestSeq();
    const bool olderCached = oldest > 0 && !store->messages(m_stream, oldest, 1).isEmpty();
    setHasOlder(olderCached || (oldest > 0 && cache.olderOnRelay));
}

qint64 ChatViewModel::findFirstUnread() const
{
    client::LocalStore *store = m_account->store();
    const client::StreamCacheState cache = store->cacheState(m_stream);
    if (cache.unread <= 0)
        return 0;
    const QString me = ownUser();
    // The oldest message of someone else above the read marker; it may lie far before the window
    // (a room not read for weeks), so read forward from the marker in ranges of seqs, each of
    // which fits in one page.
    for (qint64 low = cache.readMarker; low < cache.cursor; low += kReadPage) {
        for (const StoredMessage &m : store->messages(m_stream, low + kReadPage + 1, kReadPage)) {
            if (m.seq > cache.readMarker && m.sender != me && !m.deleted)
                return m.seq;
        }
    }
    return 0;
}

void ChatViewModel::setLoadingOlder(bool loading)
{
    if (m_loadingOlder == loading)
        return;
    m_loadingOlder = loading;
    Q_EMIT loadingOlderChanged();
}

void ChatViewModel::setHasOlder(bool hasOlder)
{
    if (m_hasOlder == hasOlder)
        return;
    m_hasOlder = hasOlder;
    Q_EMIT hasOlderChanged();
}

void ChatViewModel::widenTo(qint64 lowSeq)
{
    if (lowSeq <= 0 || (m_lowSeq > 0 && lowSeq >= m_lowSeq))
        return;
    m_lowSeq = lowSeq;
    reload();
}

} // namespace confab::app
