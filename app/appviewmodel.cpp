#include "appviewmodel.h"

#include "applogging.h"
#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/account/signin.h"
#include "lists/membershipsync.h"
#include "messagelog.h"
#include "notifications/notificationpresenter.h"
#include "platform/autostart.h"
#include "platform/desktopnotifier.h"
#include "platform/systemtheme.h"
#include "platform/trayicon.h"
#include "shell/appsettings.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

bool isKnownView(const QString &view)
{
    return view == "chat"_L1 || view == "notifications"_L1 || view == "search"_L1 || view == "settings"_L1
        || view == "addAccount"_L1;
}

} // namespace

AppViewModel::AppViewModel(const QString &configDir, const QString &dataDir, client::CredentialStore *keychain,
                           client::NetworkMonitor *monitor, DesktopNotifier *notifier, QObject *parent)
    : QObject(parent)
{
    m_manager = new client::AccountManager(configDir, dataDir, keychain, monitor, this);
    m_appSettings = new AppSettings(configDir, this);
    m_appSettings->load();
    m_autostart = Autostart::createForPlatform(QCoreApplication::applicationFilePath());
    m_theme = new SystemTheme(this);

    m_tray = new TrayState(this);
    m_tray->setAvailable(QSystemTrayIcon::isSystemTrayAvailable());
    if (m_tray->available())
        m_trayIcon = new TrayIcon(m_tray, this);
    if (notifier) {
        m_notifier = notifier;
    } else {
        m_ownNotifier = DesktopNotifier::createForPlatform(m_trayIcon ? m_trayIcon->systemTrayIcon() : nullptr);
        m_notifier = m_ownNotifier.get();
    }
    m_presenter = new NotificationPresenter(m_notifier, this);

    m_settings = new SettingsViewModel(m_appSettings, m_autostart.get(), m_theme, m_manager, this);
    m_setup = new AccountSetupViewModel(m_manager, this);
    m_connection = new ConnectionBannerViewModel(this);
    m_accountList = new AccountListModel(this);
    m_accountList->setAccountManager(m_manager);
    m_streams = new StreamListModel(this);
    m_switcher = new QuickSwitcherModel(this);
    m_switcher->setAccountManager(m_manager);
    m_chat = new ChatViewModel(this);
    m_notifications = new NotificationCentreModel(this);
    m_search = new SearchModel(this);
    m_messageLog = new MessageLog(m_chat->messages(), this);

    connect(m_manager, &client::AccountManager::accountAdded, this, &AppViewModel::wireAccount);
    connect(m_manager, &client::AccountManager::accountRemoved, this, &AppViewModel::onAccountRemoved);
    connect(m_manager, &client::AccountManager::problem, this, [](const QString &accountId, const QString &problem) {
        qCWarning(lcApp).noquote() << "account" << accountId << ":" << problem;
    });
    connect(m_setup, &AccountSetupViewModel::accountReady, this, &AppViewModel::onSetupReady);
    // The form adds its account before it turns busy trying it (see m_trialAccounts).
    connect(m_setup, &AccountSetupViewModel::stateChanged, this, [this] {
        if (m_setup->busy() && !m_justAdded.isEmpty()) {
            m_trialAccounts.insert(m_justAdded);
            m_justAdded.clear();
            updateHasAccounts();
        }
    });
    connect(m_presenter, &NotificationPresenter::openRequested, this, &AppViewModel::onOpenRequested);
    // The conversation on screen raises no desktop notification while someone is looking at it.
    if (qGuiApp)
        connect(qGuiApp, &QGuiApplication::applicationStateChanged, this, &AppViewModel::updateViewedStream);
    connect(this, &AppViewModel::currentViewChanged, this, &AppViewModel::updateViewedStream);
    connect(this, &AppViewModel::currentAccountIdChanged, this, &AppViewModel::updateViewedStream);

    connect(m_tray, &TrayState::openRequested, this, &AppViewModel::raiseWindowRequested);
    connect(m_tray, &TrayState::quitRequested, this, &AppViewModel::quit);
    connect(m_tray, &TrayState::toggleDndRequested, this,
            [this] { m_settings->setDndMode(m_settings->dndActive() ? u"off"_s : u"now"_s); });

    connect(m_settings, &SettingsViewModel::rulesChanged, this, &AppViewModel::applyRules);
    connect(m_settings, &SettingsViewModel::dndActiveChanged, this, &AppViewModel::applyRules);
    connect(m_settings, &SettingsViewModel::closeToTrayChanged, this, &AppViewModel::updateKeepRunningInTray);
    connect(m_tray, &TrayState::availableChanged, this, &AppViewModel::updateKeepRunningInTray);
    connect(m_settings, &SettingsViewModel::offlineAlertMinutesChanged, this,
            [this] { m_connection->setOfflineAlertSeconds(m_settings->offlineAlertMinutes() * 60); });
    m_connection->setOfflineAlertSeconds(m_settings->offlineAlertMinutes() * 60);

    connect(m_streams, &StreamListModel::totalsChanged, this, [this] { m_tray->setUnread(m_streams->totalUnread()); });
    connect(m_streams, &StreamListModel::streamReady, this, &AppViewModel::openStream);

    applyRules();
    updateKeepRunningInTray();
}

AppViewModel::~AppViewModel()
{
    // The view models hold the accounts in QPointers, but the presenter and the chat listen to
    // them: let go of the accounts first, while every listener still exists.
    m_chat->close();
    m_manager->disconnect(this);
    for (client::Account *account : m_manager->accounts())
        account->disconnect(this);
    delete m_manager;
    m_manager = nullptr;
    // These use the notifier and the autostart entry, which are members: members go before the
    // children do, so these children go first.
    delete m_presenter;
    m_presenter = nullptr;
    delete m_settings;
    m_settings = nullptr;
    delete m_trayIcon;
    m_trayIcon = nullptr;
}

std::optional<QString> AppViewModel::load()
{
    std::optional<QString> problem = m_manager->load();
    for (client::Account *account : m_manager->accounts())
        wireAccount(account);
    m_justAdded.clear();
    updateHasAccounts();

    QString current = m_appSettings->lastAccountId();
    if (!m_manager->account(current) && !m_manager->accounts().isEmpty())
        current = m_manager->accounts().constFirst()->settings().id;
    if (!current.isEmpty())
        setCurrentAccountId(current);
    if (!problem && !m_appSettings->problem().isEmpty())
        problem = m_appSettings->problem();
    return problem;
}

void AppViewModel::startAll()
{
    m_manager->startAll();
}

std::optional<QString> AppViewModel::quickStart(const QUrl &relayUrl, const QString &userName,
                                                const QString &password, const QString &stream)
{
    // The same user on the same relay; a relay that moved to another port (the demo picks a free
    // one each time) is still the same account, with its cache.
    client::Account *account = nullptr;
    for (client::Account *candidate : m_manager->accounts()) {
        const client::AccountSettings settings = candidate->settings();
        if (settings.username != userName || settings.relayUrl.host() != relayUrl.host())
            continue;
        if (!account || settings.relayUrl == relayUrl)
            account = candidate;
    }
    if (account && account->settings().relayUrl != relayUrl) {
        client::AccountSettings settings = account->settings();
        settings.relayUrl = relayUrl;
        if (const std::optional<QString> error = m_manager->update(settings))
            return error;
    }
    if (!account) {
        client::AccountSettings settings;
        settings.relayUrl = relayUrl;
        settings.username = userName;
        settings.rememberCredentials = false; // the environment's password is for this session only
        QString error;
        account = m_manager->add(settings, &error);
        m_justAdded.clear();
        if (!account)
            return error;
    } else if (account->settings().rememberCredentials) {
        client::AccountSettings settings = account->settings();
        settings.rememberCredentials = false;
        if (const std::optional<QString> error = m_manager->update(settings))
            return error;
    }
    account->signIn()->setPassword(password);
    updateHasAccounts();
    setCurrentAccountId(account->settings().id);

    // A room may have to be joined before it can be subscribed; both wait for the connection.
    // The relay handles one connection's requests in order, so the join is done before the subscribe.
    QPointer<client::Account> guarded(account);
    auto joined = std::make_shared<QMetaObject::Connection>();
    *joined = connect(account, &client::Account::connectionStatusChanged, this,
                      [guarded, stream, joined](const client::ConnectionStatus &status) {
                          if (status.phase != client::ConnectionStatus::Phase::Connected || !guarded)
                              return;
                          QObject::disconnect(*joined);
                          if (stream.startsWith("room:"_L1))
                              guarded->engine()->join(stream);
                          guarded->subscribe(stream);
                      });
    openStream(stream);
    return std::nullopt;
}

bool AppViewModel::hasAccounts() const
{
    return m_hasAccounts;
}

client::Account *AppViewModel::currentAccount() const
{
    return m_manager ? m_manager->account(m_currentAccountId) : nullptr;
}

void AppViewModel::setCurrentAccountId(const QString &id)
{
    if (id == m_currentAccountId)
        return;
    client::Account *account = m_manager->account(id);
    if (!id.isEmpty() && !account) {
        qCWarning(lcApp) << "no account" << id;
        return;
    }
    m_currentAccountId = id;
    m_chat->close();
    m_messageLog->reset({});
    m_streams->setAccount(account);
    m_connection->setAccount(account);
    m_notifications->setAccount(account);
    m_search->setAccount(account);
    m_settings->setAccount(account);
    m_accountList->setCurrentAccountId(id);
    if (account)
        m_appSettings->setLastAccountId(id);
    Q_EMIT currentAccountIdChanged();

    if (account) {
        const QString last = m_appSettings->lastStream(id);
        if (!last.isEmpty())
            openStream(last);
    }
}

void AppViewModel::setCurrentView(const QString &view)
{
    if (view == m_currentView || !isKnownView(view))
        return;
    m_currentView = view;
    Q_EMIT currentViewChanged();
}

bool AppViewModel::keepRunningInTray() const
{
    return m_keepRunningInTray;
}

void AppViewModel::openStream(const QString &stream)
{
    client::Account *account = currentAccount();
    if (!account || stream.isEmpty())
        return;
    if (m_chat->streamId() != stream) {
        m_messageLog->reset(stream);
        m_chat->open(account, stream);
        m_streams->setCurrentStream(stream);
        m_appSettings->setLastStream(m_currentAccountId, stream);
    }
    setCurrentView(u"chat"_s);
    updateViewedStream();
}

void AppViewModel::updateViewedStream()
{
    if (!m_presenter)
        return;
    const bool reading = qGuiApp && qGuiApp->applicationState() == Qt::ApplicationActive
        && m_currentView == u"chat"_s && !m_chat->streamId().isEmpty();
    m_presenter->setViewedStream(reading ? m_currentAccountId : QString(), reading ? m_chat->streamId() : QString());
}

void AppViewModel::openSearchResult(int row)
{
    const QVariantMap result = m_search->resultAt(row);
    const QString stream = result.value(u"stream"_s).toString();
    const qint64 seq = result.value(u"seq"_s).toLongLong();
    if (stream.isEmpty())
        return;
    if (result.value(u"kind"_s).toString() == "notification"_L1) {
        m_notifications->setTopicFilter({});
        m_notifications->setMinPriority(1);
        setCurrentView(u"notifications"_s);
        Q_EMIT notificationPositionRequested(m_notifications->rowForSeq(stream, seq));
        return;
    }
    openStream(stream);
    if (seq > 0)
        m_chat->jumpTo(seq);
}

void AppViewModel::quit()
{
    Q_EMIT quitRequested();
}

void AppViewModel::wireAccount(client::Account *account)
{
    if (!account || account->property("confabWired").toBool())
        return;
    account->setProperty("confabWired", true);
    m_presenter->addAccount(account);
    // Rooms and dms the user is a member of reach the sidebar by themselves.
    new MembershipSync(account, account);
    const QString id = account->settings().id;
    m_justAdded = id;
    connect(account, &client::Account::connectionStatusChanged, this,
            [this, account, id](const client::ConnectionStatus &status) {
                updateTrayPhase();
                if (status.phase == client::ConnectionStatus::Phase::Connected)
                    Q_EMIT accountConnected(id, account->settings().username);
            });
    updateTrayPhase();
    // Later: the first-run form marks its trial account right after adding it.
    QMetaObject::invokeMethod(this, &AppViewModel::updateHasAccounts, Qt::QueuedConnection);
}

void AppViewModel::onAccountRemoved(const QString &id)
{
    m_trialAccounts.remove(id);
    if (m_justAdded == id)
        m_justAdded.clear();
    if (id == m_currentAccountId) {
        const QList<client::Account *> accounts = m_manager->accounts();
        setCurrentAccountId(accounts.isEmpty() ? QString() : accounts.constFirst()->settings().id);
    }
    updateTrayPhase();
    updateHasAccounts();
}

void AppViewModel::onSetupReady(const QString &accountId)
{
    m_trialAccounts.remove(accountId);
    updateHasAccounts();
    setCurrentAccountId(accountId);
    setCurrentView(u"chat"_s);
}

void AppViewModel::onOpenRequested(const QString &accountId, const QString &stream, qint64 seq)
{
    if (m_manager->account(accountId))
        setCurrentAccountId(accountId);
    if (stream.startsWith("topic:"_L1)) {
        setCurrentView(u"notifications"_s);
        Q_EMIT notificationPositionRequested(m_notifications->rowForSeq(stream, seq));
    } else if (!stream.isEmpty()) {
        openStream(stream);
        if (seq > 0)
            m_chat->jumpTo(seq);
    }
    Q_EMIT raiseWindowRequested();
}

void AppViewModel::applyRules()
{
    const NotificationRules rules = m_settings->rules();
    m_presenter->setRules(rules);
    m_tray->setDndActive(m_settings->dndActive());
    QStringList muted;
    for (auto it = rules.topics.cbegin(); it != rules.topics.cend(); ++it) {
        if (it.value().muted)
            muted.append(it.key());
    }
    m_streams->setMutedTopics(muted);
}

void AppViewModel::updateTrayPhase()
{
    QList<client::ConnectionStatus::Phase> phases;
    for (client::Account *account : m_manager->accounts())
        phases.append(account->connectionStatus().phase);
    m_tray->setConnectionPhases(phases);
}

void AppViewModel::updateHasAccounts()
{
    bool has = false;
    for (client::Account *account : m_manager->accounts())
        has = has || !m_trialAccounts.contains(account->settings().id);
    if (has == m_hasAccounts)
        return;
    m_hasAccounts = has;
    Q_EMIT hasAccountsChanged();
}

void AppViewModel::updateKeepRunningInTray()
{
    const bool keep = m_settings->closeToTray() && m_tray->available();
    if (keep == m_keepRunningInTray)
        return;
    m_keepRunningInTray = keep;
    Q_EMIT keepRunningInTrayChanged();
}

} // namespace confab::app
