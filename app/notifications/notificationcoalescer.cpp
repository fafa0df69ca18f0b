#include "notifications/notificationcoalescer.h"

#include "protocol/streamid.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace confab::app {

NotificationCoalescer::NotificationCoalescer(QObject *parent) : QObject(parent) { }

NotificationCoalescer::~NotificationCoalescer() = default;

void NotificationCoalescer::setFloodLimit(int limit)
{
    m_floodLimit = std::max(1, limit);
}

void NotificationCoalescer::setFloodWindow(std::chrono::milliseconds window)
{
    m_floodWindow = std::max(window, std::chrono::milliseconds(1));
}

QString NotificationCoalescer::streamKey(const QString &accountId, const QString &stream)
{
    return accountId + u'\n' + stream;
}

void NotificationCoalescer::Batch::add(const Item &item)
{
    if (count == 0)
        first = item;
    ++count;
    maxPriority = std::max(maxPriority, item.notification.priority);
    latest.append(item);
    if (latest.size() > kLinesInSummary)
        latest.removeFirst();
    if (!item.sender.isEmpty() && !senders.contains(item.sender))
        senders.append(item.sender);
}

QString NotificationCoalescer::summaryTitle(
    bool chat, const QString &stream, int count, const QStringList &senders)
{
    const QString name = protocol::streamName(stream);
    if (!chat)
        return tr("%n new notifications in %1", nullptr, count).arg(name.isEmpty() ? stream : name);
    if (protocol::streamKindOf(stream) == protocol::StreamKind::Dm)
        return tr("%n new messages from %1", nullptr, count).arg(senders.join(", "_L1));
    return tr("%n new messages in %1", nullptr, count).arg(QString(u'#' + name));
}

DesktopNotification NotificationCoalescer::Batch::result() const
{
    if (count == 1)
        return first.notification;
    DesktopNotification summary;
    const DesktopNotification &base = first.notification;
    summary.key = base.accountId + u'/' + base.stream + u"/summary"_s;
    summary.title = summaryTitle(first.chat, base.stream, count, senders);
    QStringList lines;
    for (auto it = latest.crbegin(); it != latest.crend(); ++it) {
        const QString text = it->text.simplified().left(120);
        lines << (it->chat && !it->sender.isEmpty() ? QString(it->sender + u": "_s + text) : text);
    }
    summary.body = lines.join(u'\n');
    summary.priority = maxPriority;
    summary.category = base.category;
    summary.accountId = base.accountId;
    summary.stream = base.stream;
    summary.seq = base.seq; // the oldest of the batch: where reading should start
    return summary;
}

void NotificationCoalescer::add(const Item &item, bool catchingUp)
{
    const QString key = streamKey(item.notification.accountId, item.notification.stream);
    if (catchingUp) {
        m_catchUp[key].add(item);
        return;
    }
    addLive(key, item);
}

void NotificationCoalescer::addLive(const QString &key, const Item &item)
{
    auto it = m_windows.find(key);
    if (it == m_windows.end()) {
        Window window;
        window.timer = new QTimer(this);
        window.timer->setSingleShot(true);
        window.timer->setInterval(m_floodWindow);
        connect(window.timer, &QTimer::timeout, this, [this, key] { closeWindow(key); });
        window.timer->start();
        it = m_windows.insert(key, window);
    }
    if (it->shown < m_floodLimit) {
        ++it->shown;
        Q_EMIT ready(item.notification);
        return;
    }
    it->overflow.add(item);
}

void NotificationCoalescer::closeWindow(const QString &key)
{
    const auto it = m_windows.find(key);
    if (it == m_windows.end())
        return;
    const Window window = it.value();
    m_windows.erase(it);
    window.timer->deleteLater();
    if (window.overflow.count > 0)
        Q_EMIT ready(window.overflow.result());
}

void NotificationCoalescer::finishCatchUp(const QString &accountId, const QString &stream)
{
    const Batch batch = m_catchUp.take(streamKey(accountId, stream));
    if (batch.count > 0)
        Q_EMIT ready(batch.result());
}

void NotificationCoalescer::clearAccount(const QString &accountId)
{
    const QString prefix = accountId + u'\n';
    for (auto it = m_catchUp.begin(); it != m_catchUp.end();) {
        if (it.key().startsWith(prefix))
            it = m_catchUp.erase(it);
        else
            ++it;
    }
    for (auto it = m_windows.begin(); it != m_windows.end();) {
        if (it.key().startsWith(prefix)) {
            it->timer->stop();
            it->timer->deleteLater();
            it = m_windows.erase(it);
        } else {
            ++it;
        }
    }
}

int NotificationCoalescer::pendingCount(const QString &accountId, const QString &stream) const
{
    const QString key = streamKey(accountId, stream);
    int count = m_catchUp.value(key).count;
    const auto window = m_windows.constFind(key);
    if (window != m_windows.cend())
        count += window->overflow.count;
    return count;
}

} // namespace confab::app
