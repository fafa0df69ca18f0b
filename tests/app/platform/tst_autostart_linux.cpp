// Start on login on Linux: the XDG autostart entry a desktop reads at login, in a temporary
// XDG_CONFIG_HOME.
#include "platform/autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::app::Autostart;

class TstAutostartLinux : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void enableWritesADesktopEntry();
    void disableRemovesIt();
    void entrySwitchedOffInTheDesktopReadsAsOff();
    void specialCharactersInThePathAreQuoted();
    void unwritableFolderGivesPlainWords();
    void withoutXdgConfigHomeUsesDotConfig();

private:
    QString entryPath() const { return m_dir->path() + u"/autostart/confab.desktop"_s; }
    // The entry's [Desktop Entry] keys, read the way a desktop's parser would.
    QMap<QString, QString> readEntry() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_oldConfigHome;
    QByteArray m_oldHome;
};

void TstAutostartLinux::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_oldConfigHome = qgetenv("XDG_CONFIG_HOME");
    m_oldHome = qgetenv("HOME");
    qputenv("XDG_CONFIG_HOME", m_dir->path().toLocal8Bit());
}

void TstAutostartLinux::cleanup()
{
    qputenv("XDG_CONFIG_HOME", m_oldConfigHome);
    qputenv("HOME", m_oldHome);
    m_dir.reset();
}

QMap<QString, QString> TstAutostartLinux::readEntry() const
{
    QMap<QString, QString> keys;
    QFile file(entryPath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return keys;
    bool inMain = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u'[')) {
            inMain = line == u"[Desktop Entry]"_s;
            continue;
        }
        const auto equals = line.indexOf(u'=');
        if (inMain && equals > 0)
            keys.insert(line.left(equals), line.mid(equals + 1));
    }
    return keys;
}

void TstAutostartLinux::enableWritesADesktopEntry()
{
    const auto autostart = Autostart::createForPlatform(u"/opt/confab/bin/confab"_s);
    QVERIFY(!autostart->isEnabled());
    const auto error = autostart->setEnabled(true);
    QVERIFY2(!error, error ? qPrintable(*error) : "");
    QVERIFY(QFile::exists(entryPath()));
    QVERIFY(autostart->isEnabled());

    const auto keys = readEntry();
    QCOMPARE(keys.value(u"Type"_s), u"Application"_s);
    QCOMPARE(keys.value(u"Exec"_s), u"\"/opt/confab/bin/confab\" --minimized"_s);
    QCOMPARE(keys.value(u"X-GNOME-Autostart-enabled"_s), u"true"_s);

    // The same name and icon as the installed launcher entry, so the desktop shows one app.
    QSettings installed(QString::fromLocal8Bit(qgetenv("CONFAB_SOURCE_DIR")) + u"/resources/confab.desktop"_s,
        QSettings::IniFormat);
    installed.beginGroup(u"Desktop Entry"_s);
    QVERIFY(!installed.value(u"Name"_s).toString().isEmpty());
    QCOMPARE(keys.value(u"Name"_s), installed.value(u"Name"_s).toString());
    QCOMPARE(keys.value(u"Icon"_s), installed.value(u"Icon"_s).toString());

    // Enabling twice is harmless, and extra arguments follow --minimized once.
    const auto again = Autostart::createForPlatform(
        u"/opt/confab/bin/confab"_s, { u"--minimized"_s, u"--profile=work"_s });
    QVERIFY(!again->setEnabled(true));
    QCOMPARE(readEntry().value(u"Exec"_s), u"\"/opt/confab/bin/confab\" --minimized --profile=work"_s);
}

void TstAutostartLinux::disableRemovesIt()
{
    const auto autostart = Autostart::createForPlatform(u"/usr/bin/confab"_s);
    QVERIFY(!autostart->setEnabled(true));
    QVERIFY(autostart->isEnabled());
    QVERIFY(!autostart->setEnabled(false));
    QVERIFY(!QFile::exists(entryPath()));
    QVERIFY(!autostart->isEnabled());
    // Turning off what is already off is no error.
    QVERIFY(!autostart->setEnabled(false));
}

void TstAutostartLinux::entrySwitchedOffInTheDesktopReadsAsOff()
{
    const auto autostart = Autostart::createForPlatform(u"/usr/bin/confab"_s);
    QVERIFY(!autostart->setEnabled(true));
    for (const auto &switchedOff : { u"Hidden=true"_s, u"X-GNOME-Autostart-enabled=false"_s }) {
        QFile file(entryPath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
        file.write("[Desktop Entry]\nType=Application\nName=Confab\nExec=/usr/bin/confab --minimized\n");
        file.write(switchedOff.toUtf8() + "\n");
        file.close();
        QVERIFY2(!autostart->isEnabled(), qPrintable(switchedOff));
    }
    // Turning it on again replaces the switched-off entry.
    QVERIFY(!autostart->setEnabled(true));
    QVERIFY(autostart->isEnabled());
    QVERIFY(!readEntry().contains(u"Hidden"_s));
}

void TstAutostartLinux::specialCharactersInThePathAreQuoted()
{
    const auto autostart = Autostart::createForPlatform(u"/home/a b/100% \"x\"/$confab"_s);
    QVERIFY(!autostart->setEnabled(true));
    // Quoted, with " and $ escaped by a backslash, that backslash doubled by the string escaping,
    // and % doubled (Desktop Entry spec, "The Exec key").
    QCOMPARE(readEntry().value(u"Exec"_s), uR"("/home/a b/100%% \\"x\\"/\\$confab" --minimized)"_s);
}

void TstAutostartLinux::unwritableFolderGivesPlainWords()
{
    // A file where the autostart folder should be (permissions would not stop root).
    QFile blocker(m_dir->path() + u"/autostart"_s);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    const auto autostart = Autostart::createForPlatform(u"/usr/bin/confab"_s);
    const auto error = autostart->setEnabled(true);
    QVERIFY(error.has_value());
    QVERIFY2(error->startsWith(u"Cannot start Confab on login"_s), qPrintable(*error));
    QVERIFY2(error->contains(m_dir->path() + u"/autostart"_s), qPrintable(*error));
    QVERIFY(!autostart->isEnabled());

    // A folder inside a file cannot be created either.
    qputenv("XDG_CONFIG_HOME", (m_dir->path() + u"/autostart/deeper"_s).toLocal8Bit());
    const auto nested = autostart->setEnabled(true);
    QVERIFY(nested.has_value());
    QVERIFY2(nested->contains(u"could not be created"_s), qPrintable(*nested));
}

void TstAutostartLinux::withoutXdgConfigHomeUsesDotConfig()
{
    qunsetenv("XDG_CONFIG_HOME");
    qputenv("HOME", m_dir->path().toLocal8Bit());
    const auto autostart = Autostart::createForPlatform(u"/usr/bin/confab"_s);
    QVERIFY(!autostart->setEnabled(true));
    QVERIFY(QFile::exists(m_dir->path() + u"/.config/autostart/confab.desktop"_s));
    QVERIFY(autostart->isEnabled());
}

QTEST_GUILESS_MAIN(TstAutostartLinux)
#include "tst_autostart_linux.moc"
