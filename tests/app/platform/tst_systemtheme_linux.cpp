// The desktop's light or dark preference from the XDG desktop portal, answered by a stand-in
// portal on a private session bus (with-dbus-session.sh), and the palette fallback without one.
#include "platform/systemtheme.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::app::SystemTheme;

namespace {

const auto portalService = u"org.freedesktop.portal.Desktop"_s;
const auto portalPath = u"/org/freedesktop/portal/desktop"_s;
const auto settingsInterface = u"org.freedesktop.portal.Settings"_s;

} // namespace

// org.freedesktop.portal.Settings as xdg-desktop-portal implements it: Read wraps the value in one
// more variant than ReadOne; older portals lack ReadOne, the newest may drop Read.
class StandInPortal : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")

public:
    QVariant scheme = QVariant::fromValue(uint(1));
    bool hasRead = true;
    int reads = 0;
    int readOnes = 0;

public Q_SLOTS:
    QDBusVariant Read(const QString &settingNamespace, const QString &key)
    {
        ++reads;
        if (!hasRead) {
            sendErrorReply(QDBusError::UnknownMethod, u"No such method Read"_s);
            return {};
        }
        const QDBusVariant value = ReadValue(settingNamespace, key);
        return QDBusVariant(QVariant::fromValue(value));
    }

    QDBusVariant ReadOne(const QString &settingNamespace, const QString &key)
    {
        ++readOnes;
        return ReadValue(settingNamespace, key);
    }

private:
    QDBusVariant ReadValue(const QString &settingNamespace, const QString &key)
    {
        if (settingNamespace != u"org.freedesktop.appearance"_s || key != u"color-scheme"_s) {
            sendErrorReply(u"org.freedesktop.portal.Error.NotFound"_s, u"Requested setting not found"_s);
            return {};
        }
        return QDBusVariant(scheme);
    }
};

class TstSystemThemeLinux : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void darkFromReadThenLightFromSignal();
    void readOneWhenReadIsGone();
    void noPreferenceFollowsThePalette();
    void nonsenseFromThePortalIsIgnored();
    void noPortalFallsBackAtOnce();

private:
    // Starts the stand-in portal on its own connection to the test's bus.
    void startPortal();
    void emitSettingChanged(const QString &settingNamespace, const QString &key, const QVariant &value);

    std::unique_ptr<StandInPortal> m_portal;
    QString m_connectionName;
    int m_connections = 0;
};

void TstSystemThemeLinux::initTestCase()
{
    // Refuse to touch a desktop's real session bus: the wrapper gives us a private one.
    QVERIFY2(!qgetenv("CONFAB_TEST_FIXTURE_DIR").isEmpty(), "run through tests/support/with-dbus-session.sh");
    QVERIFY(QDBusConnection::sessionBus().isConnected());
    QVERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(portalService));
}

void TstSystemThemeLinux::cleanup()
{
    if (!m_connectionName.isEmpty()) {
        QDBusConnection portal(m_connectionName);
        portal.unregisterObject(portalPath);
        portal.unregisterService(portalService);
        QDBusConnection::disconnectFromBus(m_connectionName);
        m_connectionName.clear();
        QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(portalService));
    }
    m_portal.reset();
    QGuiApplication::setPalette(QPalette());
}

void TstSystemThemeLinux::startPortal()
{
    m_portal = std::make_unique<StandInPortal>();
    m_connectionName = u"portal-%1"_s.arg(++m_connections);
    QDBusConnection portal = QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connectionName);
    QVERIFY(portal.isConnected());
    QVERIFY(portal.registerObject(portalPath, m_portal.get(), QDBusConnection::ExportAllSlots));
    QVERIFY(portal.registerService(portalService));
}

void TstSystemThemeLinux::emitSettingChanged(
    const QString &settingNamespace, const QString &key, const QVariant &value)
{
    auto signal = QDBusMessage::createSignal(portalPath, settingsInterface, u"SettingChanged"_s);
    signal << settingNamespace << key << QVariant::fromValue(QDBusVariant(value));
    QVERIFY(QDBusConnection(m_connectionName).send(signal));
}

void TstSystemThemeLinux::darkFromReadThenLightFromSignal()
{
    startPortal();
    SystemTheme theme;
    QSignalSpy changed(&theme, &SystemTheme::prefersDarkChanged);
    QTRY_VERIFY(theme.isResolved());
    QVERIFY(theme.prefersDark());
    QVERIFY(theme.followsPortal());
    QCOMPARE(m_portal->reads, 1);
    QCOMPARE(changed.count(), 1);

    // The user switches the desktop to light.
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(uint(2)));
    QVERIFY(changed.wait(5000));
    QVERIFY(!theme.prefersDark());

    // Other settings, and the same value again, change nothing; dark again does.
    emitSettingChanged(u"org.gnome.desktop.interface"_s, u"color-scheme"_s, QVariant::fromValue(uint(1)));
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"accent-color"_s, QVariant::fromValue(uint(1)));
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(uint(2)));
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(uint(1)));
    QVERIFY(changed.wait(5000));
    QVERIFY(theme.prefersDark());
    QCOMPARE(changed.count(), 3);
}

void TstSystemThemeLinux::readOneWhenReadIsGone()
{
    startPortal();
    m_portal->hasRead = false;
    SystemTheme theme;
    QTRY_VERIFY(theme.isResolved());
    QVERIFY(theme.prefersDark());
    QCOMPARE(m_portal->reads, 1);
    QCOMPARE(m_portal->readOnes, 1);
}

void TstSystemThemeLinux::noPreferenceFollowsThePalette()
{
    startPortal();
    m_portal->scheme = QVariant::fromValue(uint(0));
    SystemTheme theme;
    QTRY_VERIFY(theme.isResolved());
    QVERIFY(!theme.followsPortal());
    QVERIFY(!theme.prefersDark()); // the default palette is light

    // A desktop without a colour-scheme setting switches its palette to a dark one.
    QSignalSpy changed(&theme, &SystemTheme::prefersDarkChanged);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::WindowText, Qt::white);
    QGuiApplication::setPalette(dark);
    QTRY_VERIFY(theme.prefersDark());
    QCOMPARE(changed.count(), 1);

    // Once the portal states a preference, it wins over the palette.
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(uint(2)));
    QTRY_VERIFY(!theme.prefersDark());
    QVERIFY(theme.followsPortal());
}

void TstSystemThemeLinux::nonsenseFromThePortalIsIgnored()
{
    startPortal();
    m_portal->scheme = QVariant::fromValue(u"dark"_s);
    SystemTheme theme;
    QTRY_VERIFY(theme.isResolved());
    QVERIFY(!theme.prefersDark());
    QVERIFY(!theme.followsPortal());

    QSignalSpy changed(&theme, &SystemTheme::prefersDarkChanged);
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(u"dark"_s));
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(uint(7)));
    // A signal with a missing value.
    auto truncated = QDBusMessage::createSignal(portalPath, settingsInterface, u"SettingChanged"_s);
    truncated << u"org.freedesktop.appearance"_s << u"color-scheme"_s;
    QVERIFY(QDBusConnection(m_connectionName).send(truncated));
    // The last one proves the earlier ones were delivered (and ignored) before it.
    emitSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s, QVariant::fromValue(uint(1)));
    QVERIFY(changed.wait(5000));
    QCOMPARE(changed.count(), 1);
    QVERIFY(theme.prefersDark());
}

void TstSystemThemeLinux::noPortalFallsBackAtOnce()
{
    QElapsedTimer timer;
    timer.start();
    SystemTheme theme;
    QVERIFY2(timer.elapsed() < 1000, "creating a SystemTheme must not wait for the portal");
    QVERIFY(!theme.prefersDark());
    QTRY_VERIFY_WITH_TIMEOUT(theme.isResolved(), 1000);
    QVERIFY(!theme.followsPortal());
    QVERIFY(!theme.prefersDark());
}

QTEST_MAIN(TstSystemThemeLinux)
#include "tst_systemtheme_linux.moc"
