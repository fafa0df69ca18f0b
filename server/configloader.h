#pragma once

#include "relayconfig.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>
#include <utility>

namespace confab::relay {

// Builds the effective RelayConfig from its three sources, each overriding the one before:
// the config file, then CONFAB_RELAY_* environment variables, then command-line flags. The file
// is --config FILE, else $CONFAB_RELAY_CONFIG, else <data dir>/relay.conf when that exists (the
// data dir as the flags or the environment name it, else the default). Every error names where
// the bad value came from: FILE:LINE, the environment variable, or the flag.
class ConfigLoader
{
public:
    struct Sources {
        std::optional<QString> configFile; // --config
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // Flags as (key name, value) in command-line order. "allowed-origin" (repeatable) adds
        // one origin to the flags' list.
        QList<std::pair<QString, QString>> flags;
    };
    struct Result {
        RelayConfig config;
        QString configFile; // the file that was read; empty when none
        std::optional<QString> error;
    };

    static Result load(const Sources &sources);
};

} // namespace confab::relay
