#pragma once

class QObject;
class QQmlApplicationEngine;
class QQuickWindow;

namespace confab::app {

// Loads Main.qml (module Confab.UI, from qrc:/qt/qml) into `engine` with `app` (the AppViewModel)
// as its required `app` property, using the Basic Qt Quick Controls style. `visible` false keeps
// the window hidden (started in the tray). Returns the window, or nullptr when the QML failed to
// load (the engine has logged why). Used by main.cpp and the UI tests.
QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, QObject *app, bool visible = true);

} // namespace confab::app
