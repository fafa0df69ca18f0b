#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QAbstractItemModel;

namespace confab::app {

// Writes one debug line per message as it appears in the open conversation's model
// ("showing message 12 from dave", category confab.app): what scripts and the end-to-end test of
// the real window read to know that a message reached the screen's model, without reaching into QML.
// Messages only in the outbox (seq 0) are not logged; each seq is logged once per conversation.
class MessageLog : public QObject
{
    Q_OBJECT

public:
    explicit MessageLog(QAbstractItemModel *model, QObject *parent = nullptr);

    // The conversation changed: start over (its messages are logged as they load).
    void reset(const QString &stream);

private:
    void scan(int first, int last);
    static int role(const QAbstractItemModel *model, const QByteArray &name);

    QPointer<QAbstractItemModel> m_model;
    QString m_stream;
    qint64 m_highestLogged = 0;
};

} // namespace confab::app
