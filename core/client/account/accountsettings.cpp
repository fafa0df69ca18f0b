#include "accountsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

// Bumped when the file's shape changes in a way older versions cannot read.
constexpr int kFileVersion = 1;

// The file is small and written by us; anything far larger is not ours to parse.
constexpr qint64 kMaxFileSize = 4 * 1024 * 1024;

const QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

struct ModeName {
    ProxySettings::Mode mode;
    QLatin1StringView name;
};

constexpr ModeName kModeNames[] = {
    { ProxySettings::Mode::System, "system"_L1 },
    { ProxySettings::Mode::None, "none"_L1 },
    { ProxySettings::Mode::Http, "http"_L1 },
    { ProxySettings::Mode::Socks5, "socks5"_L1 },
};

QString modeName(ProxySettings::Mode mode)
{
    for (const ModeName &entry : kModeNames) {
        if (entry.mode == mode)
            return QString(entry.name);
    }
    return u"system"_s;
}

std::optional<ProxySettings::Mode> modeFromName(const QString &name)
{
    for (const ModeName &entry : kModeNames) {
        if (entry.name == name)
            return entry.mode;
    }
    return std::nullopt;
}

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

bool isExplicit(ProxySettings::Mode mode)
{
    return mode == ProxySettings::Mode::Http || mode == ProxySettings::Mode::Socks5;
}

} // namespace

QNetworkProxy ProxySettings::toNetworkProxy() const
{
    switch (mode) {
    case Mode::System:
        return QNetworkProxy(QNetworkProxy::DefaultProxy);
    case Mode::None:
        return QNetworkProxy(QNetworkProxy::NoProxy);
    case Mode::Http:
        return QNetworkProxy(QNetworkProxy::HttpProxy, host, port, user, password);
    case Mode::Socks5:
        return QNetworkProxy(QNetworkProxy::Socks5Proxy, host, port, user, password);
    }
    return QNetworkProxy(QNetworkProxy::DefaultProxy);
}

QJsonObject AccountSettings::toJson() const
{
    QJsonObject proxyObject { { u"mode"_s, modeName(proxy.mode) } };
    if (isExplicit(proxy.mode)) {
        proxyObject.insert(u"host"_s, proxy.host);
        proxyObject.insert(u"port"_s, int(proxy.port));
        if (!proxy.user.isEmpty())
            proxyObject.insert(u"user"_s, proxy.user);
    }
    // proxy.password is deliberately absent: it lives in the keychain.
    QJsonObject object {
        { u"id"_s, id },
        { u"relay_url"_s, relayUrl.toString(QUrl::FullyEncoded) },
        { u"username"_s, username },
        { u"remember_credentials"_s, rememberCredentials },
        { u"proxy"_s, proxyObject },
    };
    if (!displayName.isEmpty())
        object.insert(u"display_name"_s, displayName);
    if (!pinnedCertificate.isEmpty())
        object.insert(u"pinned_certificate_sha256"_s, QString::fromLatin1(pinnedCertificate.toHex()));
    return object;
}

std::optional<AccountSettings> AccountSettings::fromJson(const QJsonObject &object, QString *error)
{
    AccountSettings settings;
    settings.id = object.value(u"id"_s).toString();
    if (settings.id.trimmed().isEmpty()) {
        setError(error, u"an account has no id"_s);
        return std::nullopt;
    }
    // The id names the account's data folder (and removing the account deletes that folder), so
    // only the UUIDs Confab makes are accepted: never "..", a path or anything else.
    if (settings.id.size() != 36 || QUuid::fromString(settings.id).isNull()) {
        setError(error, u"an account id is not a UUID"_s);
        return std::nullopt;
    }
    const QString where = u"account %1: "_s.arg(settings.id);

    settings.relayUrl = QUrl(object.value(u"relay_url"_s).toString(), QUrl::StrictMode);
    const QString scheme = settings.relayUrl.scheme();
    if (!settings.relayUrl.isValid() || settings.relayUrl.host().isEmpty()
        || (scheme != "ws"_L1 && scheme != "wss"_L1)) {
        setError(error, where + u"the relay address is not a ws:// or wss:// address"_s);
        return std::nullopt;
    }
    settings.username = object.value(u"username"_s).toString();
    if (settings.username.isEmpty()) {
        setError(error, where + u"the user name is missing"_s);
        return std::nullopt;
    }
    settings.displayName = object.value(u"display_name"_s).toString();
    settings.rememberCredentials = object.value(u"remember_credentials"_s).toBool(true);

    const QJsonValue pin = object.value(u"pinned_certificate_sha256"_s);
    if (!pin.isUndefined()) {
        const QByteArray hex = pin.toString().toLatin1();
        const QByteArray bytes = QByteArray::fromHex(hex);
        if (bytes.size() != 32 || bytes.toHex() != hex.toLower()) {
            setError(error, where + u"the trusted certificate's fingerprint is damaged"_s);
            return std::nullopt;
        }
        settings.pinnedCertificate = bytes;
    }

    const QJsonValue proxyValue = object.value(u"proxy"_s);
    if (!proxyValue.isUndefined()) {
        if (!proxyValue.isObject()) {
            setError(error, where + u"the proxy settings are damaged"_s);
            return std::nullopt;
        }
        const QJsonObject proxyObject = proxyValue.toObject();
        const std::optional<ProxySettings::Mode> mode
            = modeFromName(proxyObject.value(u"mode"_s).toString(u"system"_s));
        if (!mode) {
            setError(error, where + u"unknown proxy mode"_s);
            return std::nullopt;
        }
        settings.proxy.mode = *mode;
        if (isExplicit(*mode)) {
            settings.proxy.host = proxyObject.value(u"host"_s).toString();
            const int port = proxyObject.value(u"port"_s).toInt(-1);
            if (settings.proxy.host.isEmpty() || port < 1 || port > 65535) {
                setError(error, where + u"the proxy needs a host and a port from 1 to 65535"_s);
                return std::nullopt;
            }
            settings.proxy.port = quint16(port);
            settings.proxy.user = proxyObject.value(u"user"_s).toString();
        }
    }
    return settings;
}

AccountList::AccountList(const QString &filePath) : m_filePath(filePath) { }

std::optional<QString> AccountList::load()
{
    QFile file(m_filePath);
    if (!file.exists()) {
        m_accounts.clear();
        return std::nullopt;
    }
    const auto damaged = [this](const QString &why) {
        return u"The account list %1 is damaged (%2); it was left as it is."_s.arg(
            QDir::toNativeSeparators(m_filePath), why);
    };
    if (!file.open(QIODevice::ReadOnly))
        return u"Cannot read the account list %1: %2."_s.arg(
            QDir::toNativeSeparators(m_filePath), file.errorString());
    if (file.size() > kMaxFileSize)
        return damaged(u"it is far too large"_s);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return damaged(parseError.errorString());
    if (!document.isObject())
        return damaged(u"it is not a JSON object"_s);
    const QJsonObject root = document.object();
    const int version = root.value(u"version"_s).toInt(0);
    if (version < 1)
        return damaged(u"it has no version"_s);
    if (version > kFileVersion) {
        return u"The account list %1 was written by a newer version of Confab; it was left as it is."_s.arg(
            QDir::toNativeSeparators(m_filePath));
    }
    if (!root.value(u"accounts"_s).isArray())
        return damaged(u"it has no list of accounts"_s);

    QList<AccountSettings> accounts;
    const QJsonArray array = root.value(u"accounts"_s).toArray();
    for (const QJsonValue &value : array) {
        QString error;
        const std::optional<AccountSettings> account
            = value.isObject() ? AccountSettings::fromJson(value.toObject(), &error) : std::nullopt;
        if (!account)
            return damaged(error.isEmpty() ? u"an entry is not an account"_s : error);
        const bool duplicate = std::any_of(accounts.cbegin(), accounts.cend(),
            [&](const AccountSettings &known) { return known.id == account->id; });
        if (duplicate)
            return damaged(u"the account %1 appears twice"_s.arg(account->id));
        accounts.append(*account);
    }
    m_accounts = accounts;
    return std::nullopt;
}

std::optional<QString> AccountList::save() const
{
    const QString shown = QDir::toNativeSeparators(m_filePath);
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath()))
        return u"Cannot create the folder for the account list %1."_s.arg(shown);

    QJsonArray array;
    for (const AccountSettings &account : m_accounts)
        array.append(account.toJson());
    const QJsonObject root { { u"version"_s, kFileVersion }, { u"accounts"_s, array } };

    // Atomic: a crash or a full disk leaves the previous list, never half of one.
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly))
        return u"Cannot write the account list %1: %2."_s.arg(shown, file.errorString());
    // Set on the temporary file before it replaces the old one, so the list is never readable by
    // others, not even for a moment.
    file.setPermissions(kOwnerOnly);
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return u"Cannot write the account list %1: %2."_s.arg(shown, file.errorString());
    if (!QFile::setPermissions(m_filePath, kOwnerOnly))
        return u"Cannot make the account list %1 private to you."_s.arg(shown);
    return std::nullopt;
}

std::optional<AccountSettings> AccountList::find(const QString &id) const
{
    for (const AccountSettings &account : m_accounts) {
        if (account.id == id)
            return account;
    }
    return std::nullopt;
}

void AccountList::upsert(const AccountSettings &account)
{
    for (AccountSettings &known : m_accounts) {
        if (known.id == account.id) {
            known = account;
            return;
        }
    }
    m_accounts.append(account);
}

bool AccountList::remove(const QString &id)
{
    return m_accounts.removeIf([&](const AccountSettings &account) { return account.id == id; }) > 0;
}

} // namespace confab::client
