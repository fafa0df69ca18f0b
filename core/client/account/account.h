#pragma once

#include "accountsettings.h"
#include "client/clientengine.h"
#include "client/connection/connectionstatus.h"
#include "client/notificationdraft.h"
#include "client/store/storedrecords.h"

#include <QObject>
#include <QString>

#include <memory>
#include <chrono>
#include <optional>

namespace confab::client {

class ConnectionSupervisor;
class CredentialStore;
class LocalStore;
class NetworkMonitor;
class SignIn;

// One account, everything the app needs for it: its settings, its local store (one SQLite file in
// its data folder), its engine, the supervisor that keeps the connection up and the sign-in. It
// ties them together so that:
// - every outgoing request is written to the store's outbox before it is sent, and is resent
//   (same client_msg_id) after a reconnect or a restart until acknowledged; a refusal marks it
//   failed with the reason (retry or discard);
// - every stored event is applied to the store (idempotently), and every stream known to the
//   store is subscribed `since` its cursor on every connection; `recovered: false` resets the
//   stream and fetches its newest history again; `synced` ends a catch-up (catchUpFinished);
// - older history is paged from the relay when the cache runs out (loadOlder).
// Views read the store and listen to the change signals.
class Account : public QObject
{
    Q_OBJECT

public:
    // `dataFolder` is this account's own folder (created when missing); the store is
    // <dataFolder>/store.sqlite. The keychain and the network monitor are shared by accounts.
    Account(const AccountSettings &settings, const QString &dataFolder, CredentialStore *keychain,
            NetworkMonitor *monitor, QObject *parent = nullptr);
    ~Account() override;

    // Opens the store and loads the outbox into the engine; nullopt on success, else the reason.
    std::optional<QString> open();
    // Keep the connection up / stop (the outbox stays for the next start).
    void start();
    void stop();
    // Ends the session on the relay, deletes the secrets; the local store stays (removeData()).
    void signOut();

    AccountSettings settings() const;
    void setSettings(const AccountSettings &settings); // applies proxy and pin at the next attempt
    // How often listeners hear of changes (streamChanged()) while events keep coming: at most
    // every `normal` (100 ms), or every `flood` (500 ms) after an update that carried a flood.
    void setUpdateIntervals(std::chrono::milliseconds normal, std::chrono::milliseconds flood);
    ConnectionStatus connectionStatus() const;

    ClientEngine *engine() const;
    LocalStore *store() const;
    ConnectionSupervisor *supervisor() const;
    SignIn *signIn() const;
    QString dataFolder() const; // where the store and the attachment cache live

    // --- Streams.
    // Remembered in the store across restarts; returns the engine's request id (empty for an
    // invalid stream id).
    QString subscribe(const QString &stream);
    void unsubscribe(const QString &stream);
    // Makes `count` more messages older than what the view shows available: from the cache when
    // it has them, else fetched from the relay; answers olderLoaded().
    void loadOlder(const QString &stream, std::optional<qint64> before, int count = 50);

    // --- Requests, written to the outbox first. Each returns the outbox key.
    QString sendMessage(const QString &stream, const QString &text, std::optional<qint64> replyTo = std::nullopt);
    QString editMessage(const QString &stream, qint64 target, const QString &text);
    QString deleteMessage(const QString &stream, qint64 target);
    QString react(const QString &stream, qint64 target, const QString &emoji, bool remove = false);
    QString markRead(const QString &stream, qint64 seq);
    QString publish(const QString &topic, const NotificationDraft &notification);
    QString dismiss(const QString &topic, qint64 target, bool all = false);
    bool retry(const QString &key);
    bool discard(const QString &key);

Q_SIGNALS:
    void connectionStatusChanged(const confab::client::ConnectionStatus &status);
    // The store changed for `stream` (new, edited, deleted or reacted messages, notifications,
    // dismissals, read markers): views reload what they show.
    void streamChanged(const QString &stream);
    // Each new message or notification, once, as it is stored (not for history pages), so the app
    // can raise a notification; `catchingUp` is true during the replay after a (re)connect.
    void messageArrived(const confab::client::StoredMessage &message, bool catchingUp);
    void notificationArrived(const confab::client::StoredNotification &notification, bool catchingUp);
    void catchUpFinished(const QString &stream);
    void outboxChanged(const QString &stream);
    void olderLoaded(const QString &stream, bool reachedStart);
    void problem(const QString &description); // a store or keychain problem, in plain words

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace confab::client
