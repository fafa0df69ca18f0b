#pragma once

class QQmlApplicationEngine;
class QQuickWindow;

namespace confab::app {

class RootViewModel;

// Loads Main.qml (module Confab.UI, from qrc:/qt/qml) into `engine` with `root` as its required
// `root` property, using the Basic Qt Quick Controls style. Returns the window, or nullptr when
// the QML failed to load (the engine has logged why). Used by main.cpp and by the UI tests alike.
QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine, RootViewModel *root);

} // namespace confab::app
