#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace confab::client {
class ClientEngine;
}

namespace confab::app {

class MessageListModel;

// The one object Main.qml is given: the connection as people should see it, who is signed in,
// the room on screen and its messages. It adapts the client engine's signals to properties and
// the message model; the engine is injected and owned by the caller (it must outlive this).
class RootViewModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("RootViewModel is created in C++ and handed to Main.qml")
    Q_PROPERTY(ConnectionState connectionState READ connectionState NOTIFY connectionStateChanged)
    Q_PROPERTY(QString connectionError READ connectionError NOTIFY connectionErrorChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY userNameChanged)
    Q_PROPERTY(QString streamId READ streamId CONSTANT)
    Q_PROPERTY(QString roomName READ roomName CONSTANT)
    Q_PROPERTY(confab::app::MessageListModel *messages READ messages CONSTANT)

public:
    enum class ConnectionState { Disconnected, Connecting, Connected };
    Q_ENUM(ConnectionState)

    // `stream` is the stream to show, e.g. "room:general".
    RootViewModel(client::ClientEngine *engine, const QString &stream, QObject *parent = nullptr);
    ~RootViewModel() override;

    // Signs in to the relay and subscribes to the stream.
    void start(const QUrl &relayUrl, const QString &userName, const QString &password);

    // Posts a chat message to the stream: trims it, ignores empty text, and refuses (returns
    // false) while not connected, since nothing would deliver it yet.
    Q_INVOKABLE bool sendMessage(const QString &text);

    ConnectionState connectionState() const { return m_connectionState; }
    QString connectionError() const { return m_connectionError; }
    QString userName() const { return m_userName; }
    QString streamId() const { return m_streamId; }
    QString roomName() const;
    MessageListModel *messages() const { return m_messages; }

Q_SIGNALS:
    void connectionStateChanged();
    void connectionErrorChanged();
    void userNameChanged();

private:
    void setConnectionState(ConnectionState state);
    void setConnectionError(const QString &error);
    void setUserName(const QString &userName);
    void syncEngineState();
    // Joins the room (when it is one), subscribes and asks for the latest messages.
    void openStream();

    // How many of the latest messages a freshly opened room shows.
    static constexpr int kRecentHistory = 50;

    QPointer<client::ClientEngine> m_engine;
    MessageListModel *m_messages; // child of this
    QString m_streamId;
    QString m_userName;
    QString m_connectionError;
    ConnectionState m_connectionState = ConnectionState::Disconnected;
    bool m_streamOpened = false;
};

} // namespace confab::app
