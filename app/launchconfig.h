#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <functional>
#include <variant>

namespace confab::app {

// What the app needs to start, read from the environment (never from the command line, where
// other users could read a password):
//   CONFAB_RELAY_URL       ws:// or wss:// URL of the relay's /v1/ws endpoint (required)
//   CONFAB_USERNAME        the user name (required)
//   CONFAB_ROOM            the stream to show (default room:general; a bare name means room:NAME)
//   CONFAB_PASSWORD        the password, or with CONFAB_PASSWORD_STDIN=1 the first line of stdin
struct LaunchConfig {
    QUrl relayUrl;
    QString userName;
    QString password;
    QString stream;

    // A config, or a message in plain words saying what is missing or wrong.
    using Result = std::variant<LaunchConfig, QString>;
    static Result fromEnvironment(
        const QProcessEnvironment &env, const std::function<QString()> &readPasswordLine);
};

} // namespace confab::app
