#include "launchconfig.h"

#include "protocol/codec.h"

using namespace Qt::StringLiterals;

namespace confab::app {

LaunchConfig::Result LaunchConfig::fromEnvironment(
    const QProcessEnvironment &env, const std::function<QString()> &readPasswordLine)
{
    LaunchConfig config;

    const QString url = env.value(u"CONFAB_RELAY_URL"_s).trimmed();
    if (url.isEmpty())
        return u"CONFAB_RELAY_URL is not set (e.g. ws://127.0.0.1:8080/v1/ws)"_s;
    config.relayUrl = QUrl(url, QUrl::StrictMode);
    const QString scheme = config.relayUrl.scheme();
    if (!config.relayUrl.isValid() || config.relayUrl.host().isEmpty()
        || (scheme != "ws"_L1 && scheme != "wss"_L1))
        return u"CONFAB_RELAY_URL is not a ws:// or wss:// URL: %1"_s.arg(url);

    config.userName = env.value(u"CONFAB_USERNAME"_s).trimmed();
    if (config.userName.isEmpty())
        return u"CONFAB_USERNAME is not set"_s;
    if (!protocol::isValidUserName(config.userName))
        return u"CONFAB_USERNAME is not a valid user name (a-z, 0-9, '.', '_', '-'): %1"_s.arg(
            config.userName);

    config.stream = env.value(u"CONFAB_ROOM"_s).trimmed();
    if (config.stream.isEmpty())
        config.stream = u"room:general"_s;
    else if (!config.stream.contains(u':'))
        config.stream.prepend("room:"_L1);
    if (!protocol::isValidStreamId(config.stream))
        return u"CONFAB_ROOM is not a valid room (e.g. room:general): %1"_s.arg(config.stream);

    if (env.value(u"CONFAB_PASSWORD_STDIN"_s) == "1"_L1) {
        config.password = readPasswordLine();
        while (config.password.endsWith(u'\n') || config.password.endsWith(u'\r'))
            config.password.chop(1);
    } else {
        config.password = env.value(u"CONFAB_PASSWORD"_s);
    }
    if (config.password.isEmpty())
        return u"no password: set CONFAB_PASSWORD, or CONFAB_PASSWORD_STDIN=1 and write it to stdin"_s;

    return config;
}

} // namespace confab::app
