// Linux: the desktop's light or dark preference is the XDG desktop portal's
// org.freedesktop.appearance color-scheme setting (GNOME 42+, KDE Plasma 5.24+, and others).
#include "systemtheme.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QMetaType>

#include <optional>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

const auto portalService = u"org.freedesktop.portal.Desktop"_s;
const auto portalPath = u"/org/freedesktop/portal/desktop"_s;
const auto settingsInterface = u"org.freedesktop.portal.Settings"_s;
const auto appearanceNamespace = u"org.freedesktop.appearance"_s;
const auto colorSchemeKey = u"color-scheme"_s;
// A portal that is slow to start must not keep us waiting forever; the palette answers meanwhile.
constexpr int readTimeoutMs = 5000;

// Read returns the value wrapped in one more variant than ReadOne and SettingChanged do: unwrap
// whatever nesting arrives and accept only a number.
std::optional<uint> colorSchemeFrom(QVariant value)
{
    for (int depth = 0; depth < 4 && value.userType() == qMetaTypeId<QDBusVariant>(); ++depth)
        value = qvariant_cast<QDBusVariant>(value).variant();
    switch (value.typeId()) {
    case QMetaType::UInt:
    case QMetaType::Int:
    case QMetaType::UShort:
    case QMetaType::Short:
    case QMetaType::UChar:
    case QMetaType::ULongLong:
    case QMetaType::LongLong: {
        bool ok = false;
        const uint scheme = value.toUInt(&ok);
        if (ok)
            return scheme;
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

} // namespace

// Asks the portal once (Read, or ReadOne on portals that dropped Read) and listens to
// SettingChanged for the rest of the session.
class SystemThemePortal : public QObject
{
    Q_OBJECT

public:
    explicit SystemThemePortal(SystemTheme *theme)
        : QObject(theme), m_theme(theme), m_bus(QDBusConnection::sessionBus())
    {
        if (!m_bus.isConnected()) {
            m_theme->markResolved();
            return;
        }
        m_bus.connect(portalService, portalPath, settingsInterface, u"SettingChanged"_s, this,
            SLOT(onSettingChanged(QDBusMessage)));
        read(u"Read"_s);
    }

private Q_SLOTS:
    // The whole message rather than typed arguments: with a (QString, QString, QDBusVariant) slot
    // Qt 6.4 dropped every signal in a process whose first SystemTheme this was (seen in
    // tst_systemtheme_linux); and a portal sending another signature is ignored here, not lost.
    void onSettingChanged(const QDBusMessage &message)
    {
        const QList<QVariant> arguments = message.arguments();
        if (arguments.size() != 3 || arguments.at(0).toString() != appearanceNamespace
            || arguments.at(1).toString() != colorSchemeKey)
            return;
        const auto scheme = colorSchemeFrom(arguments.at(2));
        if (!scheme)
            return;
        m_changeSeen = true; // newer than any Read still on its way
        m_theme->setPortalScheme(*scheme);
        m_theme->markResolved();
    }

private:
    void read(const QString &method)
    {
        auto message = QDBusMessage::createMethodCall(portalService, portalPath, settingsInterface, method);
        message << appearanceNamespace << colorSchemeKey;
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(message, readTimeoutMs), this);
        connect(
            watcher, &QDBusPendingCallWatcher::finished, this, [this, method](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusPendingReply<QDBusVariant> reply = *call;
                if (reply.isError()) {
                    if (method == u"Read"_s && reply.error().type() == QDBusError::UnknownMethod) {
                        read(u"ReadOne"_s);
                        return;
                    }
                    // No portal, or it does not know the setting: the palette stays the answer.
                    m_theme->markResolved();
                    return;
                }
                if (!m_changeSeen) {
                    if (const auto scheme = colorSchemeFrom(reply.argumentAt(0)))
                        m_theme->setPortalScheme(*scheme);
                }
                m_theme->markResolved();
            });
    }

    SystemTheme *m_theme;
    QDBusConnection m_bus;
    bool m_changeSeen = false;
};

void SystemTheme::startWatchingDesktop()
{
    m_watcher = new SystemThemePortal(this);
}

} // namespace confab::app

#include "systemtheme_linux.moc"
