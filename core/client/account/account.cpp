// Account: setup, connection and streams. What the engine reports is applied to the store in
// accountsync.cpp; requests go through the outbox in accountoutbox.cpp.
#include "account.h"

#include "account_p.h"
#include "protocol/streamid.h"

#include <QDir>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

Q_LOGGING_CATEGORY(lcAccount, "confab.client.account")

namespace {
// How long a catch-up may keep its transaction open before what it applied is committed anyway:
// a kill loses at most this much of the cache (which the next start replays from the cursor).
constexpr auto kBatchCommitInterval = std::chrono::milliseconds(500);
} // namespace

Account::Private::Private(Account *account, const AccountSettings &accountSettings, const QString &folder,
    CredentialStore *credentials, NetworkMonitor *networkMonitor)
    : q(account)
    , settings(accountSettings)
    , dataFolder(folder)
    , keychain(credentials)
    , monitor(networkMonitor)
{
    if (!monitor) {
        ownMonitor = std::make_unique<ManualNetworkMonitor>();
        monitor = ownMonitor.get();
    }
}

Account::Account(const AccountSettings &settings, const QString &dataFolder, CredentialStore *keychain,
    NetworkMonitor *monitor, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, settings, dataFolder, keychain, monitor))
{
    d->engine = new ClientEngine(this);
    d->signIn = new SignIn(d->engine, keychain, settings, this);
    // The sign-in decides the credentials of every attempt (token first, then the password).
    QPointer<SignIn> signIn = d->signIn;
    d->supervisor = new ConnectionSupervisor(
        d->engine, d->monitor,
        [signIn] {
            if (signIn)
                signIn->connect();
        },
        this);
    connect(d->supervisor, &ConnectionSupervisor::statusChanged, this, &Account::connectionStatusChanged);
    connect(d->signIn, &SignIn::passwordNeeded, this,
        [this](const QString &reason) { d->supervisor->halt(reason); });
    connect(d->signIn, &SignIn::keychainProblemChanged, this, [this](const QString &problem) {
        if (!problem.isEmpty())
            Q_EMIT this->problem(problem);
    });
    connect(d->signIn, &SignIn::signedOut, this, [this] {
        if (std::exchange(d->signingOut, false))
            d->supervisor->stop();
    });
    d->batchTimer.setSingleShot(true);
    d->batchTimer.setInterval(kBatchCommitInterval);
    connect(&d->batchTimer, &QTimer::timeout, this, [this] { d->commitBatch(); });
    d->flushTimer.setSingleShot(true);
    connect(&d->flushTimer, &QTimer::timeout, this, [this] { d->flushChanged(); });
    d->indexTimer.setSingleShot(true);
    connect(&d->indexTimer, &QTimer::timeout, this, [this] { d->indexSome(); });
    d->wireEngine();
    d->applySettings();
}

Account::~Account()
{
    // The engine's signals reach into d: cut them before d goes away.
    d->engine->disconnect(this);
    d->commitBatch();
}

std::optional<QString> Account::open()
{
    if (d->opened)
        return std::nullopt;
    if (!QDir().mkpath(d->dataFolder))
        return u"Cannot create the account's data folder %1."_s.arg(QDir::toNativeSeparators(d->dataFolder));
    QFile::setPermissions(d->dataFolder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (const std::optional<QString> error = d->store.open(QDir(d->dataFolder).filePath(u"store.sqlite"_s)))
        return error;
    d->opened = true;
    d->store.setOwnUser(d->settings.username);
    if (d->store.hasUnindexedMessages()) // the app quit before the index caught up
        d->indexTimer.start(Private::kIndexDelay);

    // Read markers and dismissals of every desktop of the user arrive in user:<me>.
    d->subscribeStream(proto::userStreamId(d->settings.username));
    for (const QString &stream : d->store.knownStreams())
        d->subscribeStream(stream);
    // What was written but not acknowledged before the last exit goes out again, in order, with
    // its original keys, so the relay recognises anything it already stored.
    for (const OutboxEntry &entry : d->store.pendingOutbox())
        d->submitEntry(entry);
    return std::nullopt;
}

void Account::start()
{
    d->supervisor->start();
}

void Account::stop()
{
    d->commitBatch();
    d->supervisor->stop();
}

void Account::signOut()
{
    d->signingOut = true;
    d->signIn->signOut();
}

AccountSettings Account::settings() const
{
    return d->settings;
}

void Account::setUpdateIntervals(std::chrono::milliseconds normal, std::chrono::milliseconds flood)
{
    d->flushInterval = normal;
    d->floodFlushInterval = flood;
}

void Account::setSettings(const AccountSettings &settings)
{
    d->settings = settings;
    d->signIn->setAccount(settings);
    d->applySettings();
}

ConnectionStatus Account::connectionStatus() const
{
    return d->supervisor->status();
}

ClientEngine *Account::engine() const
{
    return d->engine;
}

LocalStore *Account::store() const
{
    return &d->store;
}

ConnectionSupervisor *Account::supervisor() const
{
    return d->supervisor;
}

SignIn *Account::signIn() const
{
    return d->signIn;
}

QString Account::dataFolder() const
{
    return d->dataFolder;
}

QString Account::subscribe(const QString &stream)
{
    if (!proto::isValidStreamId(stream))
        return {};
    return d->subscribeStream(stream);
}

void Account::unsubscribe(const QString &stream)
{
    if (!d->streams.remove(stream))
        return;
    d->catchingUp.remove(stream);
    d->engine->unsubscribe(stream);
    d->commitBatch();
    d->store.forgetStream(stream);
    d->noteChanged(stream);
}

void Account::loadOlder(const QString &stream, std::optional<qint64> before, int count)
{
    count = std::clamp(count, 1, proto::kMaxHistoryLimit);
    const StreamCacheState cache = d->store.cacheState(stream);
    // Only the part of the cache that is contiguous with the newest event counts: below
    // oldestCached there may be holes.
    int cached = 0;
    if (cache.oldestCached > 0) {
        for (const StoredMessage &message : d->store.messages(stream, before, count)) {
            if (message.seq >= cache.oldestCached)
                ++cached;
        }
    }
    if (cached >= count || (cache.oldestCached > 0 && !cache.olderOnRelay)) {
        const bool reachedStart = cached < count;
        QMetaObject::invokeMethod(
            this, [this, stream, reachedStart] { Q_EMIT olderLoaded(stream, reachedStart); },
            Qt::QueuedConnection);
        return;
    }
    // Below the contiguous part, whatever the view asked: a page further down would leave a hole.
    const std::optional<qint64> from = cache.oldestCached > 0 ? std::optional(cache.oldestCached) : before;
    const QString requestId = d->engine->fetchHistory(stream, from, count);
    d->historyRequests.insert(requestId, { stream, Private::HistoryPurpose::Older });
}

QString Account::Private::subscribeStream(const QString &stream)
{
    streams.insert(stream);
    if (engine->state() == ClientEngine::State::Connected)
        catchingUp.insert(stream);
    if (const std::optional<StreamPosition> position = store.cursor(stream))
        return engine->subscribe(stream, position->seq, position->epoch);
    // The user's own stream holds read markers and dismissals: all of it matters, not only what
    // comes from now on.
    if (stream == proto::userStreamId(settings.username))
        return engine->subscribe(stream, 0);
    return engine->subscribe(stream);
}

void Account::Private::fetchNewest(const QString &stream)
{
    const QString requestId = engine->fetchHistory(stream);
    historyRequests.insert(requestId, { stream, HistoryPurpose::Newest });
}

void Account::Private::applySettings()
{
    engine->setProxy(settings.proxy.toNetworkProxy());
    engine->setPinnedCertificate(settings.pinnedCertificate);
}

void Account::Private::wireEngine()
{
    const auto p = this;
    QObject::connect(engine, &ClientEngine::stateChanged, q, [p](ClientEngine::State state) {
        if (state == ClientEngine::State::Connected)
            p->onConnected();
        else if (state == ClientEngine::State::Disconnected)
            p->onDisconnected();
    });
    // After a logout and a new sign-in the engine holds no outbox any more: hand it what the store
    // still sends (the engine ignores the keys it holds already, so nothing goes out twice).
    QObject::connect(engine, &ClientEngine::authenticated, q, [p] {
        if (!p->opened)
            return;
        for (const OutboxEntry &entry : p->store.pendingOutbox())
            p->submitEntry(entry);
    });
    QObject::connect(engine, &ClientEngine::subscribed, q,
        [p](const QString &stream, qint64 head) { p->onSubscribed(stream, head); });
    QObject::connect(engine, &ClientEngine::synced, q,
        [p](const QString &stream, const QString &epoch, qint64 head, bool recovered) {
            p->onSynced(stream, epoch, head, recovered);
        });
    QObject::connect(
        engine, &ClientEngine::messageReceived, q, [p](const proto::Message &event) { p->onMessage(event); });
    QObject::connect(engine, &ClientEngine::messageEdited, q,
        [p](const proto::Edited &event) { p->applyEvent(event, event.stream); });
    QObject::connect(engine, &ClientEngine::messageDeleted, q,
        [p](const proto::Deleted &event) { p->applyEvent(event, event.stream); });
    QObject::connect(engine, &ClientEngine::reactionReceived, q,
        [p](const proto::Reaction &event) { p->applyEvent(event, event.stream); });
    QObject::connect(engine, &ClientEngine::readMarkerReceived, q,
        [p](const proto::Read &event) { p->applyEvent(event, event.targetStream); });
    QObject::connect(engine, &ClientEngine::notificationReceived, q,
        [p](const proto::Notification &event) { p->onNotification(event); });
    QObject::connect(engine, &ClientEngine::notificationDismissed, q,
        [p](const proto::Dismissed &event) { p->applyEvent(event, event.targetStream); });
    QObject::connect(engine, &ClientEngine::memberChanged, q,
        [p](const proto::Member &event) { p->applyEvent(event, event.stream); });
    QObject::connect(engine, &ClientEngine::historyFetched, q,
        [p](const QString &id, const QString &stream, qint64 lowest, bool hasMore) {
            p->onHistoryFetched(id, stream, lowest, hasMore);
        });
    QObject::connect(
        engine, &ClientEngine::requestUnanswered, q, [p](const QString &id) { p->onRequestUnanswered(id); });
    QObject::connect(engine, &ClientEngine::eventAcknowledged, q,
        [p](const QString &key, const proto::Ack &ack) { p->onEventAcknowledged(key, ack); });
    QObject::connect(engine, &ClientEngine::eventFailed, q,
        [p](const QString &key, const proto::Error &error) { p->onEventFailed(key, error); });
}

} // namespace confab::client
