#include "mainwindow.h"

#include "applogging.h"

#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace confab::app {

QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, QObject *app, bool visible)
{
    // Our QML customizes its controls, which only the non-native styles allow.
    QQuickStyle::setStyle(u"Basic"_s);
    // Qt 6.4 does not add the static modules' resource prefix to the import path by itself.
    engine.addImportPath(u"qrc:/qt/qml"_s);
    QVariantMap properties { { u"app"_s, QVariant::fromValue(app) } };
    if (!visible)
        properties.insert(u"visible"_s, false); // wins over Main.qml's `visible: true`
    engine.setInitialProperties(properties);

    const int before = static_cast<int>(engine.rootObjects().size());
    engine.load(QUrl(u"qrc:/qt/qml/Confab/UI/Main.qml"_s));
    const QList<QObject *> objects = engine.rootObjects();
    if (objects.size() <= before) {
        qCCritical(lcApp) << "the main window failed to load";
        return nullptr;
    }
    return qobject_cast<QQuickWindow *>(objects.last());
}

} // namespace confab::app
