#include "notifications/notificationpresenter.h"

#include "client/account/account.h"
#include "client/store/storedrecords.h"
#include "protocol/fieldvalues.h"
#include "protocol/streamid.h"

#include <QDesktopServices>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPresenter, "confab.app.notifications")

namespace confab::app {

namespace {

constexpr int kRemembered = 500; // shown notifications whose clicks we still answer
constexpr int kBodyLength = 300; // desktop notifications are glances, not readers
const QString kDefaultAction = u"default"_s;
const QString kActionPrefix = u"action-"_s;

QString itemKey(const QString &accountId, const QString &stream, qint64 seq)
{
    return accountId + u'/' + stream + u'/' + QString::number(seq);
}

QString shorten(const QString &text)
{
    const QString plain = text.trimmed();
    return plain.size() > kBodyLength ? QString(plain.left(kBodyLength - 1) + u'…') : plain;
}

} // namespace

NotificationPresenter::NotificationPresenter(DesktopNotifier *notifier, QObject *parent)
    : QObject(parent), m_notifier(notifier), m_coalescer(new NotificationCoalescer(this))
{
    connect(m_coalescer, &NotificationCoalescer::ready, this, &NotificationPresenter::show);
    if (m_notifier)
        connect(m_notifier, &DesktopNotifier::activated, this, &NotificationPresenter::onActivated);
}

NotificationPresenter::~NotificationPresenter() = default;

void NotificationPresenter::addAccount(client::Account *account)
{
    if (!account)
        return;
    const QString id = account->settings().id;
    if (m_accounts.value(id) == account)
        return;
    if (m_accounts.value(id))
        removeAccount(m_accounts.value(id));
    m_accounts.insert(id, account);
    connect(account, &client::Account::messageArrived, this,
        [this, id](const client::StoredMessage &message, bool catchingUp) {
            presentMessage(id, message, catchingUp);
        });
    connect(account, &client::Account::notificationArrived, this,
        [this, id](const client::StoredNotification &notification, bool catchingUp) {
            presentNotification(id, notification, catchingUp);
        });
    connect(account, &client::Account::catchUpFinished, this,
        [this, id](const QString &stream) { m_coalescer->finishCatchUp(id, stream); });
    connect(account, &QObject::destroyed, this, [this, id] {
        m_accounts.remove(id);
        m_coalescer->clearAccount(id);
    });
}

void NotificationPresenter::removeAccount(client::Account *account)
{
    if (!account)
        return;
    disconnect(account, nullptr, this, nullptr);
    for (auto it = m_accounts.begin(); it != m_accounts.end();) {
        if (it.value() == account || !it.value()) {
            m_coalescer->clearAccount(it.key());
            it = m_accounts.erase(it);
        } else {
            ++it;
        }
    }
}

void NotificationPresenter::setRules(const NotificationRules &rules)
{
    m_rules = rules;
}

void NotificationPresenter::setOwnUser(const QString &accountId, const QString &user)
{
    m_ownUsers.insert(accountId, user);
}

void NotificationPresenter::setViewedStream(const QString &accountId, const QString &stream)
{
    m_viewedAccount = stream.isEmpty() ? QString() : accountId;
    m_viewedStream = stream;
}

void NotificationPresenter::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    m_network = manager;
}

QDateTime NotificationPresenter::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTime();
}

QString NotificationPresenter::ownUser(const QString &accountId) const
{
    const auto own = m_ownUsers.constFind(accountId);
    if (own != m_ownUsers.cend())
        return own.value();
    const client::Account *account = m_accounts.value(accountId);
    return account ? account->settings().username : QString();
}

void NotificationPresenter::presentMessage(
    const QString &accountId, const client::StoredMessage &message, bool catchingUp)
{
    if (!catchingUp && !m_viewedStream.isEmpty() && accountId == m_viewedAccount
        && message.stream == m_viewedStream) {
        Q_EMIT suppressed(u"being read"_s);
        return;
    }
    const auto decision = NotificationPolicy::decideMessage(m_rules, message, ownUser(accountId), now());
    if (!decision.show()) {
        Q_EMIT suppressed(decision.reason);
        return;
    }
    const bool direct = protocol::streamKindOf(message.stream) == protocol::StreamKind::Dm;
    NotificationCoalescer::Item item;
    item.chat = true;
    item.sender = message.sender;
    item.text = m_rules.showPreviews ? message.text : tr("New message");
    DesktopNotification &n = item.notification;
    n.key = itemKey(accountId, message.stream, message.seq);
    n.title = direct
        ? message.sender
        : tr("%1 in %2").arg(message.sender, QString(u'#' + protocol::streamName(message.stream)));
    n.body = m_rules.showPreviews ? shorten(message.text) : tr("New message");
    n.priority = protocol::kDefaultPriority;
    n.category = u"im.received"_s;
    n.actions = { { kDefaultAction, tr("Open") } };
    n.accountId = accountId;
    n.stream = message.stream;
    n.seq = message.seq;
    remember(n.key, { accountId, message.stream, message.seq, {} });
    m_coalescer->add(item, catchingUp);
}

void NotificationPresenter::presentNotification(
    const QString &accountId, const client::StoredNotification &notification, bool catchingUp)
{
    const auto decision = NotificationPolicy::decideNotification(m_rules, notification, now());
    if (!decision.show()) {
        Q_EMIT suppressed(decision.reason);
        return;
    }
    const QString topic = protocol::streamName(notification.stream);
    NotificationCoalescer::Item item;
    item.sender = notification.sender;
    item.text = notification.title.isEmpty() ? notification.body : notification.title;
    DesktopNotification &n = item.notification;
    n.key = itemKey(accountId, notification.stream, notification.seq);
    n.title = notification.title.isEmpty() ? topic : notification.title;
    if (!m_rules.showPreviews)
        n.body = tr("New notification in %1").arg(topic);
    else
        n.body = shorten(notification.body);
    n.priority = notification.priority;
    n.actions = { { kDefaultAction, tr("Open") } };
    for (qsizetype i = 0; i < notification.actions.size(); ++i)
        n.actions.append({ kActionPrefix + QString::number(i), notification.actions.at(i).label });
    n.accountId = accountId;
    n.stream = notification.stream;
    n.seq = notification.seq;
    remember(n.key, { accountId, notification.stream, notification.seq, notification.actions });
    m_coalescer->add(item, catchingUp);
}

void NotificationPresenter::remember(const QString &key, const Shown &shown)
{
    if (!m_shown.contains(key))
        m_shownOrder.append(key);
    m_shown.insert(key, shown);
    while (m_shownOrder.size() > kRemembered)
        m_shown.remove(m_shownOrder.takeFirst());
}

void NotificationPresenter::show(const DesktopNotification &notification)
{
    // A summary (its key is reused by the next one of its stream): a click opens the stream where
    // this batch starts.
    const auto known = m_shown.find(notification.key);
    if (known == m_shown.end())
        remember(notification.key, { notification.accountId, notification.stream, notification.seq, {} });
    else
        known->seq = notification.seq;
    ++m_shownCount;
    if (DesktopNotifier *notifier = m_notifier.data()) // one local: GCC -O2 doubts a re-read QPointer
        notifier->show(notification);
    Q_EMIT shown(notification);
}

void NotificationPresenter::onActivated(const QString &key, const QString &actionId)
{
    const auto it = m_shown.constFind(key);
    if (it == m_shown.cend())
        return; // forgotten long ago, or not ours
    const Shown shown = it.value();
    if (actionId == kDefaultAction) {
        Q_EMIT openRequested(shown.accountId, shown.stream, shown.seq);
        return;
    }
    if (!actionId.startsWith(kActionPrefix))
        return;
    bool ok = false;
    const qsizetype index = actionId.mid(kActionPrefix.size()).toLongLong(&ok);
    if (!ok || index < 0 || index >= shown.actions.size())
        return;
    runAction(shown, shown.actions.at(index));
}

void NotificationPresenter::runAction(const Shown &shown, const protocol::NotificationAction &action)
{
    const QUrl url(action.url);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)) {
        qCWarning(lcPresenter) << "ignoring an action with an unusable URL";
        return;
    }
    if (action.action == protocol::NotificationActionKind::View) {
        const bool opened = m_urlOpener ? m_urlOpener(url) : QDesktopServices::openUrl(url);
        if (!opened)
            qCWarning(lcPresenter) << "could not open" << url.toDisplayString();
    } else {
        if (!m_network) {
            if (!m_ownNetwork)
                m_ownNetwork = new QNetworkAccessManager(this);
            m_network = m_ownNetwork;
        }
        QNetworkRequest request(url);
        request.setAttribute(
            QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        request.setTransferTimeout(15000);
        for (auto header = action.headers.cbegin(); header != action.headers.cend(); ++header)
            request.setRawHeader(header.key().toUtf8(), header.value().toUtf8());
        QNetworkReply *reply = m_network->sendCustomRequest(
            request, protocol::httpMethodName(action.method).toLatin1(), action.body.toUtf8());
        const QString label = action.label;
        connect(reply, &QNetworkReply::finished, this, [this, reply, label] {
            reply->deleteLater();
            const QString error = reply->error() == QNetworkReply::NoError ? QString() : reply->errorString();
            Q_EMIT actionFinished(label, error);
        });
    }
    if (action.clear) {
        if (client::Account *account = m_accounts.value(shown.accountId))
            account->dismiss(shown.stream, shown.seq);
    }
    Q_EMIT actionInvoked(action.label);
}

} // namespace confab::app
