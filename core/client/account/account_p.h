#pragma once

// Account's private half, shared by account.cpp (setup, connection, streams), accountsync.cpp
// (what the engine reports -> the store) and accountoutbox.cpp (requests through the outbox).
// Not installed.

#include "account.h"
#include "client/connection/connectionsupervisor.h"
#include "client/connection/networkmonitor.h"
#include "client/credentialstore.h"
#include "client/store/localstore.h"
#include "signin.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace confab::client {

Q_DECLARE_LOGGING_CATEGORY(lcAccount)

class Account::Private
{
public:
    // Why a history page was asked for: the answer is handled differently.
    enum class HistoryPurpose {
        Newest, // a stream without a cache (first subscribe, or after a reset): the newest page
        Older, // loadOlder(): paging back
    };
    struct HistoryRequest {
        QString stream;
        HistoryPurpose purpose = HistoryPurpose::Newest;
    };

    Private(Account *account, const AccountSettings &accountSettings, const QString &folder,
        CredentialStore *credentials, NetworkMonitor *networkMonitor);

    // --- account.cpp
    void wireEngine();
    QString subscribeStream(const QString &stream); // the engine's request id
    void fetchNewest(const QString &stream);
    void applySettings();

    // --- accountsync.cpp: the engine's reports, applied to the store.
    void onConnected();
    void onDisconnected();
    void onSubscribed(const QString &stream, qint64 headSeq);
    void onSynced(const QString &stream, const QString &epoch, qint64 headSeq, bool recovered);
    void onMessage(const protocol::Message &message);
    void onNotification(const protocol::Notification &notification);
    void onHistoryFetched(const QString &requestId, const QString &stream, qint64 lowestSeq, bool hasMore);
    void onRequestUnanswered(const QString &requestId);
    // Applies an event that changes `changed` (the event's own stream, or the target stream of a
    // read marker or dismissal).
    template<typename Event> void applyEvent(const Event &event, const QString &changed)
    {
        openBatch();
        if (store.apply(event))
            noteChanged(changed);
    }
    // Whether an event at (stream, epoch, seq) is news (above the cursor) rather than a page of
    // history or a replay; asked before the event is applied.
    bool isNew(const QString &stream, const QString &epoch, qint64 seq) const;
    // Incoming events share one store transaction: committed with each update of the listeners
    // (flushChanged) for live events, or when a catch-up ends or after kBatchCommitInterval. The
    // cursors are in the same transaction, so a kill loses what was not committed and the relay
    // replays it.
    void openBatch();
    void commitBatch();
    void noteChanged(const QString &stream);
    // Starts flushTimer for kFloodEndQuiet from now, but never past flushDeadline.
    void putOffFlush();
    void flushChanged();
    // Messages are indexed for search in chunks once events stop coming (LocalStore::
    // indexMessages()): a chunk per turn of the event loop, so the index catches up without a
    // freeze, and not during a flood, which it would slow down.
    void indexSome();
    // How long indexing waits after the last update of the listeners (or the start).
    static constexpr std::chrono::milliseconds kIndexDelay { 200 };

    // --- accountoutbox.cpp: requests through the persistent outbox.
    QString enqueueAndSubmit(
        const protocol::Frame &frame, const QString &key, const QString &stream, const QString &text);
    // Hands a stored entry to the engine; marks it failed when it cannot be sent at all.
    void submitEntry(const OutboxEntry &entry);
    void onEventAcknowledged(const QString &key, const protocol::Ack &ack);
    void onEventFailed(const QString &key, const protocol::Error &error);
    void markFailed(const QString &key, const QString &stream, const QString &code, const QString &why);

    Account *const q;
    AccountSettings settings;
    QString dataFolder;
    QPointer<CredentialStore> keychain;
    std::unique_ptr<ManualNetworkMonitor> ownMonitor; // when the caller gave none: always reachable
    QPointer<NetworkMonitor> monitor;
    ClientEngine *engine = nullptr;
    LocalStore store;
    SignIn *signIn = nullptr;
    ConnectionSupervisor *supervisor = nullptr;

    bool opened = false;
    bool signingOut = false;
    QSet<QString> streams; // what this account is subscribed to (subscribe() and the store)
    QSet<QString> catchingUp; // subscribed in this session, `synced` not yet seen
    bool batchOpen = false;
    QTimer batchTimer; // bounds how long a catch-up keeps a transaction open
    QSet<QString> changedStreams; // streamChanged() not yet emitted
    bool flushQueued = false;
    // flushChanged() runs on the next turn after a quiet while, else flushInterval after the last
    // one, or floodFlushInterval when that one carried a flood (accountsync.cpp): every listener
    // reloads on streamChanged() (the open room, the sidebar) and the commit has a cost of its own,
    // while the engine hands a flood over a few milliseconds per turn of the event loop.
    // It fires kFloodEndQuiet after the last event, or at flushDeadline if events keep coming.
    QTimer flushTimer;
    // How soon listeners hear of a change after they last did: soon in a conversation; in a flood
    // (many events per update) less often, since every update makes the open room reload and lay
    // out rows nobody can read at that pace, and costs the flood its time. setUpdateIntervals().
    std::chrono::milliseconds flushInterval { 100 };
    std::chrono::milliseconds floodFlushInterval { 500 };
    QTimer indexTimer; // indexSome()
    QDeadlineTimer flushDeadline; // the end of the interval
    QElapsedTimer lastFlush;
    int eventsSinceFlush = 0;
    int eventsInLastFlush = 0;
    QHash<QString, HistoryRequest> historyRequests; // request id -> why
};

} // namespace confab::client
