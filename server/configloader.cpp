#include "configloader.h"

#include "configfile.h"
#include "configkeys.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

const QString kConfigFileName = u"relay.conf"_s;
const QString kConfigEnvironment = u"CONFAB_RELAY_CONFIG"_s;
const QString kOneOrigin = u"allowed-origin"_s;

// Paths in a config file are relative to the file, not to wherever the relay was started.
bool isPathKey(const QString &name)
{
    return name == u"data-dir" || name == u"tls-cert" || name == u"tls-key";
}

class Merger
{
public:
    std::optional<QString> apply(const QString &name, const QString &value, const QString &source)
    {
        if (name == kOneOrigin) {
            if (!m_originsFromFlags)
                m_config.allowedOrigins.clear();
            m_originsFromFlags = true;
            if (!value.trimmed().isEmpty())
                m_config.allowedOrigins.append(value.trimmed());
            m_set.insert(u"allowed-origins"_s);
            return std::nullopt;
        }
        const ConfigKey *key = ConfigKeys::find(name);
        if (!key)
            return u"%1: unknown setting '%2'"_s.arg(source, name.left(64));
        if (const auto error = key->apply(m_config, value))
            return u"%1: %2: %3"_s.arg(source, name, *error);
        m_set.insert(name);
        return std::nullopt;
    }

    RelayConfig &config() { return m_config; }
    bool isSet(const QString &name) const { return m_set.contains(name); }

private:
    RelayConfig m_config;
    QSet<QString> m_set;
    bool m_originsFromFlags = false;
};

QString lastFlag(const ConfigLoader::Sources &sources, const QString &name)
{
    QString value;
    for (const auto &[key, flagValue] : sources.flags) {
        if (key == name)
            value = flagValue;
    }
    return value;
}

} // namespace

ConfigLoader::Result ConfigLoader::load(const Sources &sources)
{
    Result result;
    Merger merger;
    merger.config().dataDir = RelayConfig::defaultDataDir();

    // The data dir decides where the default config file is, so it is known before the file.
    const QString dataDirEnvironment = ConfigKeys::environmentName(u"data-dir"_s);
    QString dataDir = lastFlag(sources, u"data-dir"_s);
    if (dataDir.isEmpty())
        dataDir = sources.environment.value(dataDirEnvironment);
    if (dataDir.isEmpty())
        dataDir = RelayConfig::defaultDataDir();

    QString file;
    if (sources.configFile) {
        file = *sources.configFile;
        if (file.isEmpty()) {
            result.error = u"--config: the file name is empty"_s;
            return result;
        }
    } else if (sources.environment.contains(kConfigEnvironment)) {
        file = sources.environment.value(kConfigEnvironment);
    } else if (const QString candidate = QDir(dataDir).filePath(kConfigFileName); QFileInfo::exists(candidate)) {
        file = candidate;
    }

    if (!file.isEmpty()) {
        const ConfigFile::Result read = ConfigFile::read(file);
        if (read.error) {
            result.error = read.error;
            return result;
        }
        const QDir base = QFileInfo(file).absoluteDir();
        for (const ConfigFile::Entry &entry : read.entries) {
            if (entry.key == kOneOrigin) {
                result.error = u"%1:%2: unknown setting '%3' (the file takes allowed-origins = a,b)"_s.arg(file)
                                   .arg(entry.line)
                                   .arg(entry.key);
                return result;
            }
            const QString value = isPathKey(entry.key) && !entry.value.isEmpty()
                ? QDir::cleanPath(base.absoluteFilePath(entry.value))
                : entry.value;
            if (const auto error = merger.apply(entry.key, value, u"%1:%2"_s.arg(file).arg(entry.line))) {
                result.error = error;
                return result;
            }
        }
        result.configFile = file;
    }

    for (const ConfigKey &key : ConfigKeys::all()) {
        const QString variable = ConfigKeys::environmentName(key.name);
        if (!sources.environment.contains(variable))
            continue;
        if (const auto error = merger.apply(key.name, sources.environment.value(variable), variable)) {
            result.error = error;
            return result;
        }
    }

    for (const auto &[name, value] : sources.flags) {
        if (const auto error = merger.apply(name, value, u"--"_s + name)) {
            result.error = error;
            return result;
        }
    }

    RelayConfig &config = merger.config();
    if (merger.isSet(u"max-message-size"_s) && !merger.isSet(u"max-frame-size"_s))
        config.maxFrameSize = config.maxMessageSize;
    if (config.maxFrameSize > config.maxMessageSize) {
        result.error = u"max-frame-size (%1) is larger than max-message-size (%2)"_s.arg(config.maxFrameSize)
                           .arg(config.maxMessageSize);
        return result;
    }
    if (config.tlsCertificateFile.isEmpty() != config.tlsKeyFile.isEmpty()) {
        result.error = u"tls-cert and tls-key go together: set both for TLS, or neither"_s;
        return result;
    }
    if (config.dataDir.isEmpty()) {
        result.error = u"data-dir must not be empty"_s;
        return result;
    }
    result.config = config;
    return result;
}

} // namespace confab::relay
