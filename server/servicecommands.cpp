#include "servicecommands.h"

#include "admincommands.h"
#include "configkeys.h"
#include "controlclient.h"
#include "protocol/codec.h"
#include "tlssetup.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QUuid>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// The relay's own TLS loading, so check-config accepts exactly what serve would.
QString tlsProblem(const RelayConfig &config)
{
    if (config.tlsCertificateFile.isEmpty())
        return {};
    const TlsSetup::Result tls = TlsSetup::load(config.tlsCertificateFile, config.tlsKeyFile);
    return tls.configuration ? QString() : u"tls-cert/tls-key: "_s + tls.error;
}

QString dataDirProblem(const QString &dataDir)
{
    if (!QDir().mkpath(dataDir))
        return u"data-dir: cannot create %1"_s.arg(dataDir);
    QTemporaryFile probe(QDir(dataDir).filePath(u"check-config-XXXXXX"_s));
    if (!probe.open())
        return u"data-dir: %1 is not writable: %2"_s.arg(dataDir, probe.errorString());
    return {};
}

} // namespace

int ServiceCommands::publish()
{
    const ParsedCommand &command = m_admin.command();
    QString topic = m_admin.operand(0);
    if (!topic.startsWith(u"topic:"))
        topic.prepend(u"topic:"_s);
    protocol::Publish publish;
    publish.id = u"cli"_s;
    publish.stream = topic;
    publish.clientMsgId = u"cli-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    publish.body = m_admin.operand(1);
    publish.title = command.title;
    publish.priority = command.priority;
    publish.tags = command.tags;
    publish.click = command.click;
    // Checked here with the relay's own codec, so a mistake is reported before anything is sent.
    const protocol::DecodeResult checked = protocol::decode(protocol::encode(publish));
    if (!checked.ok()) {
        m_admin.err() << "Cannot publish: " << checked.error().message << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    const QJsonObject frame = QJsonDocument::fromJson(protocol::encode(publish)).object();
    const ControlClient::Result result
        = ControlClient::request(m_admin.config().dataDir, { { "command"_L1, u"publish"_s }, { "frame"_L1, frame } });
    if (!result.reply) {
        m_admin.err() << result.error << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    if (!result.reply->value("ok"_L1).toBool()) {
        m_admin.err() << "Cannot publish: " << result.reply->value("error"_L1).toString() << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    m_admin.out() << "Published to " << result.reply->value("stream"_L1).toString() << " (seq "
                  << result.reply->value("seq"_L1).toInteger() << ")." << Qt::endl;
    return EXIT_SUCCESS;
}

int ServiceCommands::status()
{
    const ControlClient::Result result
        = ControlClient::request(m_admin.config().dataDir, { { "command"_L1, u"status"_s } });
    if (!result.reply) {
        m_admin.err() << result.error << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    QJsonObject status = *result.reply;
    if (!status.value("ok"_L1).toBool()) {
        m_admin.err() << "The relay cannot answer: " << status.value("error"_L1).toString() << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    status.remove("ok"_L1);
    QTextStream &out = m_admin.out();
    if (m_admin.command().json) {
        out << QJsonDocument(status).toJson(QJsonDocument::Indented) << Qt::flush;
        return EXIT_SUCCESS;
    }
    const qint64 uptimeSeconds = status.value("uptime_ms"_L1).toInteger() / 1000;
    out << "relay:               " << status.value("url"_L1).toString() << '\n'
        << "uptime:              " << uptimeSeconds / 3600 << "h " << uptimeSeconds / 60 % 60 << "m "
        << uptimeSeconds % 60 << "s\n"
        << "connections:         " << status.value("connections"_L1).toInteger() << " upgraded, "
        << status.value("handshaking"_L1).toInteger() << " in their handshake\n"
        << "refused at the cap:  " << status.value("refused_over_cap"_L1).toInteger() << '\n'
        << "sessions:            " << status.value("sessions"_L1).toInteger() << " (logged in)\n"
        << "users online:        " << status.value("users_online"_L1).toInteger() << '\n'
        << "streams subscribed:  " << status.value("streams_subscribed"_L1).toInteger() << '\n'
        << "store size:          " << status.value("store_bytes"_L1).toInteger() << " bytes\n"
        << "commit queue:        " << status.value("commit_queue"_L1).toInteger() << " request(s) waiting\n"
        << "unsent bytes:        " << status.value("unsent_bytes_total"_L1).toInteger() << " total, "
        << status.value("unsent_bytes_max"_L1).toInteger() << " max on one connection\n"
        << "connections per address:\n";
    const QJsonObject addresses = status.value("connections_per_address"_L1).toObject();
    for (auto it = addresses.constBegin(); it != addresses.constEnd(); ++it)
        out << "  " << it.key() << ": " << it.value().toInteger() << '\n';
    out << Qt::flush;
    return EXIT_SUCCESS;
}

int ServiceCommands::checkConfig()
{
    const RelayConfig &config = m_admin.config();
    QStringList problems;
    if (const QString tls = tlsProblem(config); !tls.isEmpty())
        problems.append(tls);
    if (const QString dataDir = dataDirProblem(config.dataDir); !dataDir.isEmpty())
        problems.append(dataDir);

    QTextStream &out = m_admin.out();
    const QString file = m_admin.command().configFile;
    out << "# config file: " << (file.isEmpty() ? u"none"_s : file) << '\n';
    // No key holds a secret (tls-key is a path), so every effective value can be shown.
    for (const ConfigKey &key : ConfigKeys::all())
        out << key.name << " = " << key.show(config) << '\n';
    out << Qt::flush;
    if (!problems.isEmpty()) {
        for (const QString &problem : problems)
            m_admin.err() << "Error: " << problem << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    m_admin.err() << "The configuration is valid." << Qt::endl;
    return EXIT_SUCCESS;
}

} // namespace confab::relay
