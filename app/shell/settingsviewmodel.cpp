#include "settingsviewmodel.h"

#include "appsettings.h"
#include "platform/autostart.h"
#include "platform/systemtheme.h"

#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/store/localstore.h"

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::ProxySettings;

namespace {

const QString kTopicPrefix = u"topic:"_s;

QString bareTopic(const QString &topic)
{
    return topic.startsWith(kTopicPrefix) ? topic.mid(kTopicPrefix.size()) : topic;
}

QString proxyModeName(ProxySettings::Mode mode)
{
    switch (mode) {
    case ProxySettings::Mode::System:
        return u"system"_s;
    case ProxySettings::Mode::None:
        return u"none"_s;
    case ProxySettings::Mode::Http:
        return u"http"_s;
    case ProxySettings::Mode::Socks5:
        return u"socks5"_s;
    }
    return u"system"_s;
}

std::optional<ProxySettings::Mode> proxyModeFromName(const QString &name)
{
    if (name == u"system"_s)
        return ProxySettings::Mode::System;
    if (name == u"none"_s)
        return ProxySettings::Mode::None;
    if (name == u"http"_s)
        return ProxySettings::Mode::Http;
    if (name == u"socks5"_s)
        return ProxySettings::Mode::Socks5;
    return std::nullopt;
}

} // namespace

SettingsViewModel::SettingsViewModel(AppSettings *settings, Autostart *autostart, SystemTheme *systemTheme,
    client::AccountManager *accounts, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_autostart(autostart)
    , m_systemTheme(systemTheme)
    , m_accounts(accounts)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    // A do-not-disturb schedule or an "until" ends by itself: look again every minute.
    m_dndTimer.setInterval(std::chrono::minutes(1));
    connect(&m_dndTimer, &QTimer::timeout, this, &SettingsViewModel::updateDndActive);
    m_dndTimer.start();
    if (m_systemTheme)
        connect(m_systemTheme, &SystemTheme::prefersDarkChanged, this, &SettingsViewModel::updateDarkTheme);
    if (m_settings)
        connect(m_settings, &AppSettings::problemChanged, this,
            [this] { setProblem(m_settings->problem()); });
    m_problem = m_settings ? m_settings->problem() : QString();
    m_dndActive = rules().dnd.activeAt(m_clock());
    updateDarkTheme();
    reloadTopics();
}

void SettingsViewModel::setAccount(client::Account *account)
{
    if (account == m_account)
        return;
    disconnect(m_streamConnection);
    m_account = account;
    if (account) {
        m_streamConnection = connect(account, &client::Account::streamChanged, this, [this](const QString &stream) {
            if (stream.startsWith(kTopicPrefix) && !m_topics.contains(bareTopic(stream)))
                reloadTopics();
        });
    }
    reloadTopics();
    loadProxy();
}

void SettingsViewModel::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTime(); });
    updateDndActive();
}

void SettingsViewModel::setDndCheckInterval(std::chrono::milliseconds interval)
{
    m_dndTimer.start(interval);
}

NotificationRules SettingsViewModel::rules() const
{
    return m_settings ? m_settings->notificationRules() : NotificationRules {};
}

void SettingsViewModel::changeRules(const std::function<void(NotificationRules &)> &change)
{
    if (!m_settings)
        return;
    NotificationRules rules = m_settings->notificationRules();
    const NotificationRules before = rules;
    change(rules);
    if (rules == before)
        return;
    m_settings->setNotificationRules(rules);
    if (!(rules.dnd == before.dnd)) {
        Q_EMIT dndChanged();
        updateDndActive();
    }
    if (rules.topics != before.topics)
        Q_EMIT topicRulesChanged();
    if (rules.showPreviews != before.showPreviews)
        Q_EMIT showMessagePreviewsChanged();
    Q_EMIT rulesChanged(rules);
}

// --- Do not disturb

QString SettingsViewModel::dndMode() const
{
    return DoNotDisturb::modeName(rules().dnd.mode);
}

void SettingsViewModel::setDndMode(const QString &mode)
{
    const DoNotDisturb::Mode parsed = DoNotDisturb::modeFromName(mode, rules().dnd.mode);
    const QDateTime now = m_clock();
    changeRules([&](NotificationRules &rules) {
        rules.dnd.mode = parsed;
        // "Until" without a time in the future would be off at once: an hour is what people pick.
        if (parsed == DoNotDisturb::Until && !(rules.dnd.until.isValid() && rules.dnd.until > now))
            rules.dnd.until = now.addSecs(60 * 60);
    });
}

QDateTime SettingsViewModel::dndUntil() const
{
    const QDateTime until = rules().dnd.until;
    return until.isValid() ? until.toLocalTime() : until;
}

void SettingsViewModel::setDndUntil(const QDateTime &until)
{
    changeRules([&](NotificationRules &rules) { rules.dnd.until = until; });
}

int SettingsViewModel::dndStartMinutes() const
{
    return rules().dnd.startMinutes;
}

void SettingsViewModel::setDndStartMinutes(int minutes)
{
    changeRules([&](NotificationRules &rules) { rules.dnd.startMinutes = std::clamp(minutes, 0, 24 * 60 - 1); });
}

int SettingsViewModel::dndEndMinutes() const
{
    return rules().dnd.endMinutes;
}

void SettingsViewModel::setDndEndMinutes(int minutes)
{
    changeRules([&](NotificationRules &rules) { rules.dnd.endMinutes = std::clamp(minutes, 0, 24 * 60 - 1); });
}

bool SettingsViewModel::dndActive() const
{
    return m_dndActive;
}

void SettingsViewModel::updateDndActive()
{
    const bool active = rules().dnd.activeAt(m_clock());
    if (active == m_dndActive)
        return;
    m_dndActive = active;
    Q_EMIT dndActiveChanged();
}

// --- Appearance and general

QString SettingsViewModel::theme() const
{
    return m_settings ? m_settings->theme() : u"system"_s;
}

void SettingsViewModel::setTheme(const QString &theme)
{
    if (!m_settings || theme == this->theme())
        return;
    m_settings->setTheme(theme);
    if (m_settings->theme() != theme)
        return; // not a theme name
    Q_EMIT themeChanged();
    updateDarkTheme();
}

bool SettingsViewModel::darkTheme() const
{
    return m_darkTheme;
}

void SettingsViewModel::updateDarkTheme()
{
    const QString chosen = theme();
    const SystemTheme *system = m_systemTheme.data(); // one local: GCC -O2 doubts a re-read QPointer
    const bool dark = chosen == u"dark"_s || (chosen == u"system"_s && system != nullptr && system->prefersDark());
    if (dark == m_darkTheme)
        return;
    m_darkTheme = dark;
    Q_EMIT darkThemeChanged();
}

bool SettingsViewModel::startOnLogin() const
{
    // The entry is the truth: the user may have removed it with the desktop's own tools.
    if (m_autostart)
        return m_autostart->isEnabled();
    return m_settings && m_settings->startOnLogin();
}

void SettingsViewModel::setStartOnLogin(bool enabled)
{
    if (enabled == startOnLogin())
        return;
    if (m_autostart) {
        if (const std::optional<QString> error = m_autostart->setEnabled(enabled)) {
            setProblem(enabled ? tr("Confab could not set itself to start on login: %1").arg(*error)
                               : tr("Confab could not stop starting on login: %1").arg(*error));
            Q_EMIT startOnLoginChanged(); // the switch goes back to the truth
            return;
        }
    }
    if (m_settings)
        m_settings->setStartOnLogin(enabled);
    Q_EMIT startOnLoginChanged();
}

bool SettingsViewModel::closeToTray() const
{
    return !m_settings || m_settings->closeToTray();
}

void SettingsViewModel::setCloseToTray(bool enabled)
{
    if (!m_settings || enabled == closeToTray())
        return;
    m_settings->setCloseToTray(enabled);
    Q_EMIT closeToTrayChanged();
}

int SettingsViewModel::offlineAlertMinutes() const
{
    return m_settings ? m_settings->offlineAlertMinutes() : 5;
}

void SettingsViewModel::setOfflineAlertMinutes(int minutes)
{
    if (!m_settings || minutes == offlineAlertMinutes())
        return;
    const int before = offlineAlertMinutes();
    m_settings->setOfflineAlertMinutes(minutes);
    if (offlineAlertMinutes() != before)
        Q_EMIT offlineAlertMinutesChanged();
}

bool SettingsViewModel::showMessagePreviews() const
{
    return rules().showPreviews;
}

void SettingsViewModel::setShowMessagePreviews(bool show)
{
    changeRules([&](NotificationRules &rules) { rules.showPreviews = show; });
}

// --- Topics

QStringList SettingsViewModel::topics() const
{
    return m_topics;
}

void SettingsViewModel::reloadTopics()
{
    QStringList topics;
    if (m_account && m_account->store()) {
        for (const QString &stream : m_account->store()->knownStreams()) {
            if (stream.startsWith(kTopicPrefix))
                topics.append(bareTopic(stream));
        }
    }
    topics.removeDuplicates();
    std::sort(topics.begin(), topics.end(),
        [](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
    if (topics == m_topics)
        return;
    m_topics = topics;
    Q_EMIT topicsChanged();
}

bool SettingsViewModel::topicMuted(const QString &topic) const
{
    return rules().topicRule(topic).muted;
}

void SettingsViewModel::setTopicMuted(const QString &topic, bool muted)
{
    const QString name = bareTopic(topic);
    if (name.isEmpty())
        return;
    changeRules([&](NotificationRules &rules) {
        TopicRule rule = rules.topicRule(name);
        rule.muted = muted;
        if (rule == TopicRule {})
            rules.topics.remove(name);
        else
            rules.topics.insert(name, rule);
    });
}

int SettingsViewModel::topicMinPriority(const QString &topic) const
{
    return rules().topicRule(topic).minPriority;
}

void SettingsViewModel::setTopicMinPriority(const QString &topic, int priority)
{
    const QString name = bareTopic(topic);
    if (name.isEmpty())
        return;
    changeRules([&](NotificationRules &rules) {
        TopicRule rule = rules.topicRule(name);
        rule.minPriority = std::clamp(priority, 1, 5);
        if (rule == TopicRule {})
            rules.topics.remove(name);
        else
            rules.topics.insert(name, rule);
    });
}

// --- Proxy of the current account

void SettingsViewModel::loadProxy()
{
    m_proxy = m_account ? m_account->settings().proxy : ProxySettings {};
    m_proxy.password.clear();
    m_proxyPassword.clear();
    Q_EMIT proxyChanged();
}

QString SettingsViewModel::proxyMode() const
{
    return proxyModeName(m_proxy.mode);
}

void SettingsViewModel::setProxyMode(const QString &mode)
{
    const std::optional<ProxySettings::Mode> parsed = proxyModeFromName(mode);
    if (!parsed || *parsed == m_proxy.mode)
        return;
    m_proxy.mode = *parsed;
    Q_EMIT proxyChanged();
}

QString SettingsViewModel::proxyHost() const
{
    return m_proxy.host;
}

void SettingsViewModel::setProxyHost(const QString &host)
{
    if (host == m_proxy.host)
        return;
    m_proxy.host = host;
    Q_EMIT proxyChanged();
}

int SettingsViewModel::proxyPort() const
{
    return m_proxy.port;
}

void SettingsViewModel::setProxyPort(int port)
{
    const quint16 bounded = quint16(std::clamp(port, 0, 65535));
    if (bounded == m_proxy.port)
        return;
    m_proxy.port = bounded;
    Q_EMIT proxyChanged();
}

QString SettingsViewModel::proxyUser() const
{
    return m_proxy.user;
}

void SettingsViewModel::setProxyUser(const QString &user)
{
    if (user == m_proxy.user)
        return;
    m_proxy.user = user;
    Q_EMIT proxyChanged();
}

void SettingsViewModel::setProxyPassword(const QString &password)
{
    m_proxyPassword = password;
}

void SettingsViewModel::applyProxy()
{
    if (!m_account || !m_accounts)
        return;
    const bool explicitProxy = m_proxy.mode == ProxySettings::Mode::Http || m_proxy.mode == ProxySettings::Mode::Socks5;
    if (explicitProxy && (m_proxy.host.trimmed().isEmpty() || m_proxy.port == 0)) {
        setProblem(tr("Enter the proxy's host name and port."));
        return;
    }
    client::AccountSettings settings = m_account->settings();
    ProxySettings proxy = m_proxy;
    proxy.host = proxy.host.trimmed();
    proxy.password = m_proxyPassword;
    ProxySettings before = settings.proxy;
    before.password.clear();
    ProxySettings compared = proxy;
    compared.password.clear();
    if (compared == before && m_proxyPassword.isEmpty())
        return;
    settings.proxy = proxy;
    if (const std::optional<QString> error = m_accounts->update(settings)) {
        setProblem(tr("Confab could not save the proxy settings: %1").arg(*error));
        return;
    }
    m_proxyPassword.clear();
    setProblem({});
    // The engine takes a proxy at its next attempt: make that attempt now.
    if (m_account->connectionStatus().phase != client::ConnectionStatus::Phase::Idle) {
        m_account->stop();
        m_account->start();
    }
}

// --- Accounts

void SettingsViewModel::signOut(const QString &accountId)
{
    if (!m_accounts)
        return;
    if (client::Account *account = m_accounts->account(accountId))
        account->signOut();
}

void SettingsViewModel::removeAccount(const QString &accountId, bool deleteData)
{
    if (!m_accounts)
        return;
    if (m_account && m_account->settings().id == accountId)
        setAccount(nullptr);
    QString error;
    if (!m_accounts->remove(accountId, deleteData, &error))
        setProblem(tr("Confab could not remove the account: %1").arg(error));
}

QString SettingsViewModel::problem() const
{
    return m_problem;
}

void SettingsViewModel::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    Q_EMIT problemChanged();
}

} // namespace confab::app
