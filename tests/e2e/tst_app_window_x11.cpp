// The real `confab` executable in a real X window (Xvfb), against the real relay process: it signs
// in with credentials from its environment, shows a message another desktop sends, and the test
// saves a screenshot of the X screen as test-output/screenshots/confab-x11.png.
#include "client/clientengine.h"
#include "relayprocess.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;

class AppWindowX11 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void realAppShowsAMessageFromAnotherDesktop();

private:
    // Waits until `pattern` appears in what the app wrote to `channel` so far.
    bool waitForOutput(QProcess::ProcessChannel channel, const QByteArray &pattern, int timeoutMs);

    static QString screenshotDir();
    // The X screen as a PNG taken by ImageMagick's `import`, as an image; null on failure.
    static QImage grabScreen();

    RelayProcess m_relay;
    QTemporaryDir m_appDirs; // the app's config and data folders, not the user's
    QImage m_screenBefore;
    QProcess m_app;
    QByteArray m_appStdout;
    QByteArray m_appStderr;
};

void AppWindowX11::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DISPLAY"), "run under tests/support/with-xvfb.sh");
    QVERIFY2(m_relay.addUser(u"carol"_s, u"carol's password"_s), qPrintable(m_relay.errorString()));
    QVERIFY2(m_relay.addUser(u"dave"_s, u"dave's password"_s), qPrintable(m_relay.errorString()));
    QVERIFY2(m_relay.createRoom(u"general"_s), qPrintable(m_relay.errorString()));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));

    connect(&m_app, &QProcess::readyReadStandardOutput, this, [this] { m_appStdout += m_app.readAllStandardOutput(); });
    connect(&m_app, &QProcess::readyReadStandardError, this, [this] { m_appStderr += m_app.readAllStandardError(); });
}

void AppWindowX11::cleanupTestCase()
{
    if (m_app.state() != QProcess::NotRunning) {
        m_app.terminate();
        if (!m_app.waitForFinished(5000))
            m_app.kill();
    }
    if (QTest::currentTestFailed() || !m_appStderr.isEmpty())
        qInfo().noquote() << "app stderr:\n" << QString::fromUtf8(m_appStderr);
}

bool AppWindowX11::waitForOutput(QProcess::ProcessChannel channel, const QByteArray &pattern, int timeoutMs)
{
    const QByteArray &buffer = channel == QProcess::StandardOutput ? m_appStdout : m_appStderr;
    const bool seen = QTest::qWaitFor(
        [&] { return buffer.contains(pattern) || m_app.state() == QProcess::NotRunning; }, timeoutMs);
    return seen && buffer.contains(pattern);
}

QString AppWindowX11::screenshotDir()
{
    const QString dir = qEnvironmentVariable("CONFAB_TEST_OUTPUT_DIR", QDir::tempPath()) + u"/screenshots"_s;
    QDir().mkpath(dir);
    return dir;
}

QImage AppWindowX11::grabScreen()
{
    QProcess import;
    import.start(u"import"_s, {u"-window"_s, u"root"_s, u"png:-"_s});
    if (!import.waitForFinished(20000) || import.exitCode() != 0)
        return {};
    return QImage::fromData(import.readAllStandardOutput(), "PNG");
}

void AppWindowX11::realAppShowsAMessageFromAnotherDesktop()
{
    // The password reaches the app through its environment, never its command line.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"CONFAB_RELAY_URL"_s, m_relay.url().toString());
    env.insert(u"CONFAB_USERNAME"_s, u"carol"_s);
    env.insert(u"CONFAB_PASSWORD"_s, u"carol's password"_s);
    env.insert(u"CONFAB_ROOM"_s, u"room:general"_s);
    env.insert(u"CONFAB_CONFIG_DIR"_s, m_appDirs.filePath(u"config"_s));
    env.insert(u"CONFAB_DATA_DIR"_s, m_appDirs.filePath(u"data"_s));
    env.insert(u"CONFAB_REPORT_STARTUP"_s, u"1"_s);
    env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    env.insert(u"QT_LOGGING_RULES"_s, u"confab.app.debug=true"_s);
    m_app.setProcessEnvironment(env);
    m_app.start(qEnvironmentVariable("CONFAB_APP_BIN"), {});
    QVERIFY2(m_app.waitForStarted(10000), qPrintable(m_app.errorString()));
    QVERIFY(!m_app.arguments().join(u' ').contains(u"password"_s));
    QVERIFY2(waitForOutput(QProcess::StandardOutput, "confab: connected as carol", 20000), m_appStderr.constData());
    // The startup report: the time from the process start to the first frame on the X screen.
    QVERIFY2(waitForOutput(QProcess::StandardOutput, "confab: first frame ", 20000), m_appStdout.constData());
    qInfo().noquote() << QString::fromUtf8(m_appStdout).trimmed();
    // How the window looks before anything was said (once it has painted something at all).
    QVERIFY(QTest::qWaitFor([&] {
        m_screenBefore = grabScreen();
        return !m_screenBefore.isNull() && m_screenBefore.pixel(10, 10) != qRgb(0, 0, 0);
    }, 10000));

    ClientEngine dave;
    QSignalSpy authenticated(&dave, &ClientEngine::authenticated);
    QSignalSpy subscribed(&dave, &ClientEngine::subscribed);
    dave.connectToRelay(m_relay.url(), u"dave"_s, u"dave's password"_s);
    QVERIFY2(authenticated.wait(15000), qPrintable(dave.lastError()));
    dave.join(u"room:general"_s);
    dave.subscribe(u"room:general"_s);
    QVERIFY2(subscribed.wait(15000), qPrintable(dave.lastError()));
    QSignalSpy acked(&dave, &ClientEngine::messageAcknowledged);
    dave.sendMessage(u"room:general"_s, u"Hello Carol, this is a real X window."_s);
    QVERIFY(acked.wait(10000));
    const qint64 seq = acked.at(0).at(2).toLongLong();
    const QByteArray shown = "showing message " + QByteArray::number(seq) + " from dave";
    QVERIFY2(waitForOutput(QProcess::StandardError, shown, 10000), m_appStderr.constData());

    // The whole X screen, as a person would see it: the frame that shows the message follows the
    // model's update, so grab until the screen differs from how it looked before the message.
    QImage shot;
    QVERIFY(QTest::qWaitFor([&] {
        shot = grabScreen();
        return !shot.isNull() && shot != m_screenBefore;
    }, 10000));
    QCOMPARE(shot.size(), QSize(1280, 800));
    const QString path = screenshotDir() + u"/confab-x11.png"_s;
    QVERIFY(shot.save(path));
    qInfo().noquote() << "screenshot saved to" << path;

    QVERIFY(m_app.state() == QProcess::Running);
}

QTEST_GUILESS_MAIN(AppWindowX11)
#include "tst_app_window_x11.moc"
