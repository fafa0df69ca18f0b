#pragma once

#include "relayconfig.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <functional>
#include <optional>

namespace confab::relay {

// One setting of RelayConfig, under one name used everywhere: the flag `--NAME`, the key `NAME`
// in the config file, and the environment variable CONFAB_RELAY_NAME (uppercase, '-' as '_').
// Durations are whole milliseconds and their names end in -ms.
struct ConfigKey {
    QString name;
    QString valueName;   // for --help: "ms", "count", "file"...
    QString description; // one line, for --help and check-config
    // Parses `value` into the config; the reason when the value is invalid (without naming where
    // the value came from: the caller adds that).
    std::function<std::optional<QString>(RelayConfig &, const QString &value)> apply;
    // The value as text, in the form apply() accepts (check-config prints these).
    std::function<QString(const RelayConfig &)> show;
};

// The table of every configurable setting. Adding a field to RelayConfig means adding one entry
// here; the command line, the config file, the environment, check-config and --help follow.
class ConfigKeys
{
public:
    static const QList<ConfigKey> &all();
    static const ConfigKey *find(QStringView name);
    // CONFAB_RELAY_ + the name in uppercase with '_' for '-' ("tls-cert" -> CONFAB_RELAY_TLS_CERT).
    static QString environmentName(const QString &name);
};

} // namespace confab::relay
