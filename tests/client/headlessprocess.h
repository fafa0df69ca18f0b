#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QUrl>

#include <functional>

// Runs the real confab-headless binary (CONFAB_HEADLESS_BIN) for a test and collects the JSON
// events it prints, one per line. Its stderr is forwarded with a [headless:USER] prefix.
class HeadlessProcess : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessProcess(const QString &userName, QObject *parent = nullptr);
    ~HeadlessProcess() override;

    // Starts the client; the password goes in CONFAB_PASSWORD, or on stdin when `viaStdin`.
    bool start(const QUrl &relayUrl, const QString &password, const QStringList &arguments = {},
               bool viaStdin = false);
    void writeLine(const QString &line);
    void closeInput();

    // Waits until an event matching `predicate` has been printed; returns it (empty on timeout).
    QJsonObject waitForEvent(const std::function<bool(const QJsonObject &)> &predicate, int timeoutMs = 10000);
    QJsonObject waitForEvent(const QString &event, int timeoutMs = 10000);
    bool waitForExit(int timeoutMs = 10000);
    // SIGKILL (kill -9): the client gets no chance to clean up.
    void kill() { m_process.kill(); }
    qint64 processId() const { return m_process.processId(); }

    const QList<QJsonObject> &events() const { return m_events; }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    QByteArray standardError() const { return m_standardError; }
    QByteArray invalidOutput() const { return m_invalidOutput; } // stdout lines that are not JSON

private:
    void readOutput();

    QString m_userName;
    QProcess m_process;
    QByteArray m_partialLine;
    QList<QJsonObject> m_events;
    QByteArray m_standardError;
    QByteArray m_invalidOutput;
};
