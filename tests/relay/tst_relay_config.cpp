// The relay's configuration as an admin meets it: a config file, CONFAB_RELAY_* environment
// variables and flags, in that order of precedence; errors that say where the bad value is;
// `check-config`; and log lines as text or JSON.
#include "logformat.h"
#include "relayprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::relay::LogFormat;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// The `key = value` lines check-config prints, as a map.
QHash<QString, QString> settingsOf(const QByteArray &output)
{
    QHash<QString, QString> settings;
    for (const QByteArray &line : output.split('\n')) {
        const qsizetype equals = line.indexOf(" = ");
        if (equals > 0 && !line.startsWith('#'))
            settings.insert(QString::fromUtf8(line.left(equals)), QString::fromUtf8(line.mid(equals + 3)));
    }
    return settings;
}

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        // CONFAB_RELAY_BIN is the test harness's, not a setting; every other one would leak in.
        if (name.startsWith(u"CONFAB_RELAY_"_s) && name != u"CONFAB_RELAY_BIN")
            environment.remove(name);
    }
    return environment;
}

} // namespace

class TestRelayConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileThenEnvironmentThenFlags();
    void defaultFileInDataDirIsRead();
    void pathsInTheFileAreRelativeToIt();
    void badSettingsNameTheirSource_data();
    void badSettingsNameTheirSource();
    void serveRefusesABadConfig();
    void checkConfigChecksTlsFiles();
    void checkConfigChecksTheDataDir();
    void serveTakesTheFileAndJsonLogs();
    void textLogsAreOneLinePerMessage();
    void controlCharactersCannotForgeLogLines();

private:
    RelayProcess::CommandResult checkConfig(const QStringList &arguments,
                                            const QProcessEnvironment &environment = cleanEnvironment())
    {
        return m_relay.runCommand(QStringList{u"check-config"_s} + arguments, {}, environment);
    }

    QTemporaryDir m_dir;
    RelayProcess m_relay; // its data folder and runCommand()
};

void TestRelayConfig::fileThenEnvironmentThenFlags()
{
    const QString file = m_dir.filePath(u"precedence.conf"_s);
    QVERIFY(writeFile(file, "# the file sets four settings\n"
                            "[relay]\n"
                            "port = 9100\n"
                            "rate-burst = 7\n"
                            "error-budget = 9\n"
                            "heartbeat-interval-ms = 1234\n"
                            "allowed-origins = https://a.example, https://b.example\n"));
    QProcessEnvironment environment = cleanEnvironment();
    environment.insert(u"CONFAB_RELAY_RATE_BURST"_s, u"8"_s);
    environment.insert(u"CONFAB_RELAY_ERROR_BUDGET"_s, u"10"_s);
    const auto result = checkConfig({u"--config"_s, file, u"--data-dir"_s, m_relay.dataDir(), u"--error-budget"_s,
                                     u"11"_s, u"--default-topic-access"_s, u"none"_s},
                                    environment);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    const auto settings = settingsOf(result.standardOutput);
    QCOMPARE(settings.value(u"port"_s), u"9100"_s);                 // file only
    QCOMPARE(settings.value(u"heartbeat-interval-ms"_s), u"1234"_s); // file only
    QCOMPARE(settings.value(u"rate-burst"_s), u"8"_s);               // env beats file
    QCOMPARE(settings.value(u"error-budget"_s), u"11"_s);            // flag beats env and file
    QCOMPARE(settings.value(u"default-topic-access"_s), u"none"_s);  // flag only
    QCOMPARE(settings.value(u"allowed-origins"_s), u"https://a.example,https://b.example"_s);
    QCOMPARE(settings.value(u"max-message-size"_s), u"65536"_s);     // untouched default
    QVERIFY(result.standardOutput.contains(QByteArray(QByteArray("# config file: ") + file.toUtf8())));

    // The repeatable --allowed-origin replaces the lower sources' list and accumulates.
    const auto origins = checkConfig({u"--config"_s, file, u"--data-dir"_s, m_relay.dataDir(), u"--allowed-origin"_s,
                                      u"https://c.example"_s, u"--allowed-origin"_s, u"https://d.example"_s});
    QCOMPARE(origins.exitCode, 0);
    QCOMPARE(settingsOf(origins.standardOutput).value(u"allowed-origins"_s), u"https://c.example,https://d.example"_s);

    // A message size alone sets the frame size too.
    const auto sizes = checkConfig({u"--data-dir"_s, m_relay.dataDir(), u"--max-message-size"_s, u"4096"_s});
    QCOMPARE(sizes.exitCode, 0);
    QCOMPARE(settingsOf(sizes.standardOutput).value(u"max-frame-size"_s), u"4096"_s);
}

void TestRelayConfig::defaultFileInDataDirIsRead()
{
    QTemporaryDir dataDir;
    QVERIFY(writeFile(dataDir.filePath(u"relay.conf"_s), "rate-per-second = 2.5\nlog-format = json\n"));
    const auto result = checkConfig({u"--data-dir"_s, dataDir.path()});
    QCOMPARE(result.exitCode, 0);
    const auto settings = settingsOf(result.standardOutput);
    QCOMPARE(settings.value(u"rate-per-second"_s), u"2.5"_s);
    QCOMPARE(settings.value(u"log-format"_s), u"json"_s);
    QCOMPARE(settings.value(u"data-dir"_s), dataDir.path());

    // The data dir may also come from the environment.
    QProcessEnvironment environment = cleanEnvironment();
    environment.insert(u"CONFAB_RELAY_DATA_DIR"_s, dataDir.path());
    const auto fromEnvironment = checkConfig({}, environment);
    QCOMPARE(fromEnvironment.exitCode, 0);
    QCOMPARE(settingsOf(fromEnvironment.standardOutput).value(u"rate-per-second"_s), u"2.5"_s);
}

void TestRelayConfig::pathsInTheFileAreRelativeToIt()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(u"etc"_s));
    const QString file = dir.filePath(u"etc/relay.conf"_s);
    QVERIFY(writeFile(file, "data-dir = ../data\n"));
    const auto result = checkConfig({u"--config"_s, file});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(settingsOf(result.standardOutput).value(u"data-dir"_s), QDir::cleanPath(dir.filePath(u"data"_s)));
}

void TestRelayConfig::badSettingsNameTheirSource_data()
{
    QTest::addColumn<QByteArray>("fileContent"); // empty: no --config
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("expected");

    const QString file = m_dir.filePath(u"bad.conf"_s);
    QTest::newRow("unknown key") << "port = 1\nprot = 2\n"_ba << QString() << QString() << QStringList()
                                 << file + u":2: unknown setting 'prot'"_s;
    QTest::newRow("bad number") << "\n\nport = eighty\n"_ba << QString() << QString() << QStringList()
                                << file + u":3: port: 'eighty' is not a whole number from 0 to 65535"_s;
    QTest::newRow("no equals sign") << "port 80\n"_ba << QString() << QString() << QStringList()
                                    << file + u":1: expected 'key = value'"_s;
    QTest::newRow("set twice") << "port = 1\nport = 2\n"_ba << QString() << QString() << QStringList()
                               << file + u":2: 'port' is set twice"_s;
    QTest::newRow("other section") << "[server]\nport = 1\n"_ba << QString() << QString() << QStringList()
                                   << file + u":1: unknown section [server]"_s;
    QTest::newRow("bad environment") << QByteArray() << u"CONFAB_RELAY_RATE_BURST"_s << u"lots"_s << QStringList()
                                     << u"CONFAB_RELAY_RATE_BURST: rate-burst: 'lots'"_s;
    QTest::newRow("bad choice in environment")
        << QByteArray() << u"CONFAB_RELAY_DEFAULT_TOPIC_ACCESS"_s << u"everything"_s << QStringList()
        << u"default-topic-access: 'everything' is not one of none, read, read-write"_s;
    QTest::newRow("bad flag") << QByteArray() << QString() << QString()
                              << QStringList{u"--heartbeat-timeout-ms"_s, u"-5"_s}
                              << u"--heartbeat-timeout-ms: heartbeat-timeout-ms: '-5' is not a duration"_s;
    QTest::newRow("bad rate") << QByteArray() << QString() << QString()
                              << QStringList{u"--rate-per-second"_s, u"0"_s}
                              << u"rate-per-second: '0' is not a positive number"_s;
    QTest::newRow("bad address") << QByteArray() << QString() << QString() << QStringList{u"--listen"_s, u"home"_s}
                                 << u"--listen: listen: 'home' is not an IP address"_s;
    QTest::newRow("certificate without key")
        << QByteArray() << QString() << QString() << QStringList{u"--tls-cert"_s, u"/x/cert.pem"_s}
        << u"tls-cert and tls-key go together"_s;
    QTest::newRow("missing config file") << QByteArray() << QString() << QString()
                                         << QStringList{u"--config"_s, m_dir.filePath(u"absent.conf"_s)}
                                         << m_dir.filePath(u"absent.conf"_s) + u": cannot read the config file"_s;
}

void TestRelayConfig::badSettingsNameTheirSource()
{
    QFETCH(QByteArray, fileContent);
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(QStringList, flags);
    QFETCH(QString, expected);

    QStringList arguments = flags + QStringList{u"--data-dir"_s, m_relay.dataDir()};
    if (!fileContent.isEmpty()) {
        const QString file = m_dir.filePath(u"bad.conf"_s);
        QVERIFY(writeFile(file, fileContent));
        arguments += {u"--config"_s, file};
    }
    QProcessEnvironment environment = cleanEnvironment();
    if (!variable.isEmpty())
        environment.insert(variable, value);
    const auto result = checkConfig(arguments, environment);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains(expected.toUtf8()), result.standardError.constData());
    QVERIFY(result.standardOutput.isEmpty());
}

void TestRelayConfig::serveRefusesABadConfig()
{
    QTemporaryDir dataDir;
    QVERIFY(writeFile(dataDir.filePath(u"relay.conf"_s), "error-budget = 0\n"));
    RelayProcess relay(dataDir.path());
    relay.setEnvironment(cleanEnvironment());
    QVERIFY(!relay.start());
    QCOMPARE(relay.exitCode(), 2);
    bool named = false;
    for (const QByteArray &line : relay.logLines())
        named = named || line.contains("relay.conf:1: error-budget: '0'");
    QVERIFY2(named, relay.logLines().join('\n').constData());
}

void TestRelayConfig::checkConfigChecksTlsFiles()
{
    const QString certificate = m_dir.filePath(u"cert.pem"_s);
    const QString key = m_dir.filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                 u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                                 u"/CN=localhost"_s, u"-keyout"_s, key, u"-out"_s, certificate});
    QVERIFY(openssl.waitForFinished(30'000));
    QCOMPARE(openssl.exitCode(), 0);

    auto result = checkConfig({u"--data-dir"_s, m_relay.dataDir(), u"--tls-cert"_s, certificate, u"--tls-key"_s, key});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardError.contains("The configuration is valid"));
    QCOMPARE(settingsOf(result.standardOutput).value(u"tls-cert"_s), certificate);
    // A key file is a path: its content never appears.
    QFile keyFile(key);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray keyBody = keyFile.readAll().split('\n').value(1);
    QVERIFY(!keyBody.isEmpty());
    QVERIFY(!result.standardOutput.contains(keyBody));
    QVERIFY(!result.standardError.contains(keyBody));

    // The certificate as the key, and a file that is not there: both refused, naming the setting.
    result = checkConfig({u"--data-dir"_s, m_relay.dataDir(), u"--tls-cert"_s, certificate, u"--tls-key"_s,
                          certificate});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains("tls-cert/tls-key: the TLS key"), result.standardError.constData());
    result = checkConfig({u"--data-dir"_s, m_relay.dataDir(), u"--tls-cert"_s, m_dir.filePath(u"none.pem"_s),
                          u"--tls-key"_s, key});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains("tls-cert/tls-key: cannot read the TLS certificate"), result.standardError.constData());
}

void TestRelayConfig::checkConfigChecksTheDataDir()
{
    // A folder inside a plain file can never be created, not even by root.
    const QString plainFile = m_dir.filePath(u"plain"_s);
    QVERIFY(writeFile(plainFile, "x"));
    const auto result = checkConfig({u"--data-dir"_s, plainFile + u"/data"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains("data-dir: cannot create"), result.standardError.constData());
}

void TestRelayConfig::serveTakesTheFileAndJsonLogs()
{
    QTemporaryDir dataDir;
    // The file asks for JSON logs; the environment's port 1 would fail, the flag's port 0 wins.
    QVERIFY(writeFile(dataDir.filePath(u"relay.conf"_s), "log-format = json\nlisten = 127.0.0.1\n"));
    QProcessEnvironment environment = cleanEnvironment();
    environment.insert(u"CONFAB_RELAY_PORT"_s, u"1"_s);
    RelayProcess relay(dataDir.path());
    relay.setEnvironment(environment);
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    QCOMPARE(relay.url().host(), u"127.0.0.1"_s);
    QVERIFY(relay.port() != 1);
    QVERIFY(relay.terminate());
    QVERIFY(!relay.logLines().isEmpty());
    bool sawServing = false;
    for (const QByteArray &line : relay.logLines()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        QVERIFY2(document.isObject(), line.constData());
        const QJsonObject object = document.object();
        for (const char *field : {"time", "level", "category", "message"})
            QVERIFY2(object.value(QLatin1StringView(field)).isString(), line.constData());
        sawServing = sawServing || object.value("message"_L1).toString().contains(u"serving"_s);
    }
    QVERIFY(sawServing);
}

void TestRelayConfig::textLogsAreOneLinePerMessage()
{
    RelayProcess relay;
    relay.setEnvironment(cleanEnvironment());
    relay.setExtraArguments({u"--log-format"_s, u"text"_s});
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    QVERIFY(relay.terminate());
    QVERIFY(!relay.logLines().isEmpty());
    static const QRegularExpression format(
        u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\S+ (debug|info|warning|critical|fatal): "_s);
    for (const QByteArray &line : relay.logLines())
        QVERIFY2(format.match(QString::fromUtf8(line)).hasMatch(), line.constData()); // TIME CATEGORY LEVEL: MESSAGE
}

void TestRelayConfig::controlCharactersCannotForgeLogLines()
{
    // What a client sends (a user name, say) may end up in a log line: it must stay one line.
    const QString hostile = u"eve\n2030-01-01T00:00:00.000Z confab.relay.audit info: login ok for root\r\u001b[2J\\"_s;
    const QByteArray text = LogFormat::format(LogFormat::Style::Text, QtInfoMsg, "confab.relay.audit", hostile);
    QVERIFY(!text.contains('\n'));
    QVERIFY(!text.contains('\r'));
    QVERIFY(!text.contains('\x1b'));
    QVERIFY(text.endsWith("eve\\n2030-01-01T00:00:00.000Z confab.relay.audit info: login ok for root\\r\\u001b[2J\\\\"));
    const QByteArray json = LogFormat::format(LogFormat::Style::Json, QtWarningMsg, "confab.relay", hostile);
    QVERIFY(!json.contains('\n'));
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QCOMPARE(object.value("message"_L1).toString(), hostile);
    QCOMPARE(object.value("level"_L1).toString(), u"warning"_s);
    QCOMPARE(object.value("category"_L1).toString(), u"confab.relay"_s);
}

QTEST_GUILESS_MAIN(TestRelayConfig)
#include "tst_relay_config.moc"
