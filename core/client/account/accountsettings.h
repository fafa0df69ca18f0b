#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkProxy>
#include <QString>
#include <QUrl>

#include <optional>

namespace confab::client {

// How one account reaches its relay. No secrets: the proxy password lives in the keychain
// like the account's own password (see SignIn).
struct ProxySettings {
    enum class Mode {
        System, // the operating system's proxy settings (QNetworkProxyFactory system configuration)
        None,   // connect directly
        Http,   // an HTTP proxy (CONNECT)
        Socks5,
    };
    Mode mode = Mode::System;
    QString host;
    quint16 port = 0;
    QString user;
    QString password = {}; // never saved by toJson(); filled from the keychain or the user
    // The proxy for ClientEngine::setProxy(): DefaultProxy for System, NoProxy for None.
    QNetworkProxy toNetworkProxy() const;
    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;
};

// One account: who, on which relay, and the decisions the user made for it. Saved as JSON in the
// app's config folder by AccountList; the id names the account's data folder and keychain entries.
struct AccountSettings {
    QString id;                    // stable, generated once (a UUID without braces)
    QUrl relayUrl;                 // ws:// or wss:// ... /v1/ws
    QString username;
    QString displayName = {};      // optional label for the sidebar
    bool rememberCredentials = true; // keep the password and session token in the keychain
    QByteArray pinnedCertificate = {}; // SHA-256 of the DER certificate the user chose to trust
    ProxySettings proxy = {};
    friend bool operator==(const AccountSettings &, const AccountSettings &) = default;

    QJsonObject toJson() const;
    // nullopt (with the reason in `error`) when the object is not a valid account.
    static std::optional<AccountSettings> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// The saved list of accounts (accounts.json in a config folder), written atomically
// (QSaveFile) with owner-only permissions. A damaged file is reported, not silently replaced.
class AccountList
{
public:
    explicit AccountList(const QString &filePath);

    // nullopt on success (a missing file is an empty list), else the reason in plain words.
    std::optional<QString> load();
    std::optional<QString> save() const;

    const QList<AccountSettings> &accounts() const { return m_accounts; }
    std::optional<AccountSettings> find(const QString &id) const;
    void upsert(const AccountSettings &account); // by id
    bool remove(const QString &id);

private:
    QString m_filePath;
    QList<AccountSettings> m_accounts;
};

} // namespace confab::client
