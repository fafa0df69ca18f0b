#pragma once

#include "rawclient.h"
#include "relay.h"

#include <QTemporaryDir>

#include <functional>
#include <memory>

// An in-process relay for protocol tests, on port 0 in a temporary data folder, with the cast
// every test shares: users alice, bob and carol (password: the name reversed), the public room
// room:general with alice and bob as members (carol is not), and the topic topic:alerts.
class RelayFixture
{
public:
    // `tweak` adjusts the config (retention, batch size...) before the relay starts.
    bool start(const std::function<void(confab::relay::RelayConfig &)> &tweak = {});
    // Stops the relay (as a destructor would) and starts a new one on the same data folder.
    bool restart(const std::function<void(confab::relay::RelayConfig &)> &tweak = {});
    void stop();

    confab::relay::Relay &relay() { return *m_relay; }
    QUrl url() const { return m_relay->url(); }
    QString dataDir() const { return m_dir.path(); }
    QString errorString() const { return m_error; }

    static QString passwordOf(const QString &user);
    // A logged-in client; null when the login failed.
    std::unique_ptr<RawClient> login(const QString &user);

private:
    bool startRelay(const std::function<void(confab::relay::RelayConfig &)> &tweak);

    QTemporaryDir m_dir;
    std::unique_ptr<confab::relay::Relay> m_relay;
    QString m_error;
};
