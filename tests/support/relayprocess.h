#pragma once

#include <QByteArrayList>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

// Runs the real confab-relay binary (CONFAB_RELAY_BIN) for a test: on a free loopback port, on its
// own temporary data folder unless given one, waiting for its `listening on URL` line. The
// relay's stderr is forwarded to the test's stderr, each line prefixed with [relay], so a failing
// test shows what the relay said. Also runs the admin subcommands against the same data folder.
class RelayProcess : public QObject
{
    Q_OBJECT

public:
    struct CommandResult {
        bool finished = false; // false: it did not start, crashed, or timed out
        int exitCode = -1;
        QByteArray standardOutput;
        QByteArray standardError;
    };

    explicit RelayProcess(QObject *parent = nullptr);                        // a fresh temporary folder
    explicit RelayProcess(const QString &dataDir, QObject *parent = nullptr); // keeps data across fixtures
    ~RelayProcess() override; // kills a relay that is still running

    static QString binaryPath();

    // Extra `serve` arguments for the next start, e.g. {"--listen", "127.0.0.1"}.
    void setExtraArguments(const QStringList &arguments) { m_extraArguments = arguments; }
    // The environment of the next start (default: the test's own), e.g. with CONFAB_RELAY_* settings.
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }

    // Starts `confab-relay serve --port PORT --data-dir DIR` and waits for the listening line.
    bool start(quint16 port = 0, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // SIGTERM, then waits (running the event loop, so clients can answer the close handshake).
    bool terminate(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // SIGKILL, then waits: a crash, as far as the relay can tell.
    bool kill(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // Terminates if running and starts again on the same data folder, on the same port if asked.
    bool restart(bool samePort = false);

    bool isRunning() const;
    // The running relay's process id (0 when none), e.g. to kill it from inside a signal handler.
    qint64 processId() const { return m_process ? m_process->processId() : 0; }
    QUrl url() const { return m_url; }   // ws://127.0.0.1:PORT/v1/ws
    quint16 port() const { return quint16(m_url.port()); }
    QString dataDir() const { return m_dataDir; }
    int exitCode() const { return m_exitCode; }
    QProcess::ExitStatus exitStatus() const { return m_exitStatus; }
    QString errorString() const { return m_errorString; }
    // Every complete line the relay wrote to stderr (its log) since the last start().
    const QByteArrayList &logLines() const { return m_logLines; }

    // `confab-relay user add NAME --data-dir DIR` with the password on stdin.
    bool addUser(const QString &name, const QString &password);
    // `confab-relay room create NAME --data-dir DIR`.
    bool createRoom(const QString &name);
    // Runs the binary with these arguments (no --data-dir added) and this stdin, and waits.
    CommandResult runCommand(const QStringList &arguments, const QByteArray &standardInput = {},
                             const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                             std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    // runCommand() with `--data-dir DIR` appended: an admin command on this relay's data folder.
    // CONFAB_PASSWORD is removed from the environment unless `environment` is given.
    CommandResult runAdmin(const QStringList &arguments, const QByteArray &standardInput = {},
                           std::optional<QProcessEnvironment> environment = std::nullopt) const;

private:
    bool waitForExit(std::chrono::milliseconds timeout);
    void forwardStandardError();

    std::unique_ptr<QTemporaryDir> m_ownDataDir;
    QString m_dataDir;
    QStringList m_extraArguments;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    std::unique_ptr<QProcess> m_process;
    QByteArray m_standardOutput;
    QByteArray m_partialErrorLine;
    QByteArrayList m_logLines;
    QUrl m_url;
    int m_exitCode = -1;
    QProcess::ExitStatus m_exitStatus = QProcess::NormalExit;
    QString m_errorString;
};
