#include "apptranslator.h"
#include "launchconfig.h"

#include <QTest>

using namespace Qt::StringLiterals;
using confab::app::LaunchConfig;

namespace {

QProcessEnvironment environment(const QList<std::pair<QString, QString>> &values)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : values)
        env.insert(name, value);
    return env;
}

QString noStdin()
{
    return {};
}

} // namespace

class TestLaunchConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completeEnvironmentGivesAConfig()
    {
        const auto result = LaunchConfig::fromEnvironment(
            environment({ { u"CONFAB_RELAY_URL"_s, u"ws://127.0.0.1:8080/v1/ws"_s },
                { u"CONFAB_USERNAME"_s, u"alice"_s }, { u"CONFAB_PASSWORD"_s, u"s3cret pass"_s } }),
            noStdin);
        const auto *config = std::get_if<LaunchConfig>(&result);
        QVERIFY(config);
        QCOMPARE(config->relayUrl, QUrl(u"ws://127.0.0.1:8080/v1/ws"_s));
        QCOMPARE(config->userName, u"alice"_s);
        QCOMPARE(config->password, u"s3cret pass"_s);
        QCOMPARE(config->stream, u"room:general"_s);
    }

    void passwordComesFromStdinWhenAsked()
    {
        bool asked = false;
        const auto result = LaunchConfig::fromEnvironment(
            environment({ { u"CONFAB_RELAY_URL"_s, u"wss://relay.example/v1/ws"_s },
                { u"CONFAB_USERNAME"_s, u"bob"_s }, { u"CONFAB_ROOM"_s, u"ops"_s },
                { u"CONFAB_PASSWORD"_s, u"ignored"_s }, { u"CONFAB_PASSWORD_STDIN"_s, u"1"_s } }),
            [&asked] {
                asked = true;
                return u"from stdin\r\n"_s;
            });
        QVERIFY(asked);
        const auto *config = std::get_if<LaunchConfig>(&result);
        QVERIFY(config);
        QCOMPARE(config->password, u"from stdin"_s);
        QCOMPARE(config->stream, u"room:ops"_s);
    }

    void missingOrInvalidSettingsAreExplained_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("room");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("mentions");

        QTest::newRow("no url") << QString() << u"alice"_s << QString() << u"pw"_s << u"CONFAB_RELAY_URL"_s;
        QTest::newRow("http url") << u"http://h/v1/ws"_s << u"alice"_s << QString() << u"pw"_s
                                  << u"CONFAB_RELAY_URL"_s;
        QTest::newRow("no user") << u"ws://h/v1/ws"_s << QString() << QString() << u"pw"_s
                                 << u"CONFAB_USERNAME"_s;
        QTest::newRow("bad user") << u"ws://h/v1/ws"_s << u"Alice Smith"_s << QString() << u"pw"_s
                                  << u"CONFAB_USERNAME"_s;
        QTest::newRow("bad room") << u"ws://h/v1/ws"_s << u"alice"_s << u"room:No Way"_s << u"pw"_s
                                  << u"CONFAB_ROOM"_s;
        QTest::newRow("no password") << u"ws://h/v1/ws"_s << u"alice"_s << QString() << QString()
                                     << u"CONFAB_PASSWORD"_s;
    }

    void missingOrInvalidSettingsAreExplained()
    {
        QFETCH(QString, url);
        QFETCH(QString, user);
        QFETCH(QString, room);
        QFETCH(QString, password);
        QFETCH(QString, mentions);
        QList<std::pair<QString, QString>> values;
        if (!url.isNull())
            values.append({ u"CONFAB_RELAY_URL"_s, url });
        if (!user.isNull())
            values.append({ u"CONFAB_USERNAME"_s, user });
        if (!room.isNull())
            values.append({ u"CONFAB_ROOM"_s, room });
        if (!password.isNull())
            values.append({ u"CONFAB_PASSWORD"_s, password });

        const auto result = LaunchConfig::fromEnvironment(environment(values), noStdin);
        const auto *error = std::get_if<QString>(&result);
        QVERIFY(error);
        QVERIFY2(error->contains(mentions), qPrintable(*error));
    }

    // The German catalogue is compiled into the program and translates the window's words; a
    // locale without a catalogue leaves the English source strings.
    void germanCatalogueTranslatesTheWindow()
    {
        const std::unique_ptr<QTranslator> german = confab::app::loadAppTranslator(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(german);
        QCOMPARE(german->language(), u"de_DE"_s);
        QCOMPARE(german->translate("Sidebar", "Notifications"), u"Benachrichtigungen"_s);
        QCOMPARE(german->translate("SettingsPage", "Settings"), u"Einstellungen"_s);

        QCoreApplication::installTranslator(german.get());
        QCOMPARE(QCoreApplication::translate("Sidebar", "Search"), u"Suche"_s);
        QCoreApplication::removeTranslator(german.get());
        QCOMPARE(QCoreApplication::translate("Sidebar", "Search"), u"Search"_s);

        QVERIFY(!confab::app::loadAppTranslator(QLocale(QLocale::Japanese, QLocale::Japan)));
    }
};

QTEST_GUILESS_MAIN(TestLaunchConfig)
#include "tst_launchconfig.moc"
