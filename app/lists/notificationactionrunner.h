#pragma once

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace confab::protocol {
struct NotificationAction;
}

namespace confab::app {

// Carries out what a notification's button or click asks for: a "view" opens the URL in the
// user's browser (through an opener tests can replace), an "http" action sends the request with
// its method, headers and body. Only http(s) URLs are ever opened or requested: a notification
// comes from whoever may publish to the topic, not from the user.
class NotificationActionRunner : public QObject
{
    Q_OBJECT

public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit NotificationActionRunner(QObject *parent = nullptr);
    ~NotificationActionRunner() override;

    // Default: QDesktopServices::openUrl.
    void setUrlOpener(UrlOpener opener);
    // false (with failed()) when the URL is not http(s) or the opener refused it.
    bool open(const QUrl &url);
    // View: open(); http: the request, answered by finished() or failed().
    bool run(const protocol::NotificationAction &action);

Q_SIGNALS:
    void finished(const QString &label, int httpStatus);
    void failed(const QString &plainWords);

private:
    UrlOpener m_opener;
    QNetworkAccessManager *m_network = nullptr;
};

} // namespace confab::app
