#pragma once

#include "protocol/frames.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace confab::app {

// The messages of one stream, in the order people expect to read them: messages the relay has
// stored, by sequence number, followed by the ones this user has just sent and the relay has
// not acknowledged yet ("sending"). A message sent here shows at once; its acknowledgement
// turns it into "sent" with its sequence number, and its echo from the relay (matched by
// client_msg_id) updates it instead of adding it twice.
//
// Roles (from Qt::UserRole + 1, named as in QML):
//   seq          qint64     the stream's sequence number; 0 while sending
//   sender       QString    the author's user name
//   text         QString    the text as written (markdown source; shown as plain text for now)
//   timestamp    QDateTime  when the relay committed it (local send time while sending)
//   isOwn        bool       written by the signed-in user
//   clientMsgId  QString    the author's idempotency key
//   status       QString    "sending" or "sent"
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MessageListModel is provided by RootViewModel")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        SeqRole = Qt::UserRole + 1,
        SenderRole,
        TextRole,
        TimestampRole,
        IsOwnRole,
        ClientMsgIdRole,
        StatusRole,
    };

    enum class Status { Sending, Sent };
    Q_ENUM(Status)

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The signed-in user: decides isOwn and which echoes may match a local message.
    QString ownUserName() const { return m_ownUserName; }
    void setOwnUserName(const QString &userName);

    // A message from the relay. Returns false when it was already shown (a repeated sequence
    // number) or when it confirmed a message sent from here, which is then updated in place.
    bool addIncoming(const confab::protocol::Message &message);

    // A message just sent from here, shown at once as "sending".
    void addOutgoing(const QString &clientMsgId, const QString &text,
        const QDateTime &sentAt = QDateTime::currentDateTime());

    // The relay committed a message sent from here. Returns false for an unknown id.
    bool markAcknowledged(const QString &clientMsgId, qint64 seq);

    static QString statusName(Status status);

Q_SIGNALS:
    void countChanged();

private:
    struct Entry {
        qint64 seq = 0;
        QString sender;
        QString text;
        QDateTime timestamp;
        QString clientMsgId;
        Status status = Status::Sent;
        bool local = false; // sent from this device
    };

    int sentCount() const;
    int insertionRowFor(qint64 seq) const;
    int rowOfLocal(const QString &clientMsgId) const;
    bool hasSeq(qint64 seq) const;
    void confirm(int row, qint64 seq, const QDateTime &timestamp);

    std::vector<Entry> m_entries;
    QString m_ownUserName;
};

} // namespace confab::app
