// The lesson pane. Until a lesson is chosen it says what this page is and how to begin.

export function LessonPane() {
  return (
    <aside className="lesson-pane" aria-label="Lesson">
      <h2>Welcome</h2>
      <p>
        The terminal on the right is a real Linux machine running the real Docker engine, inside this browser tab. Nothing is
        installed on your computer and nothing leaves it.
      </p>
      <p>Try your first container:</p>
      <pre>docker run hello-world</pre>
      <p>Then see what Docker keeps:</p>
      <pre>docker ps -a{"\n"}docker images</pre>
      <p className="muted">If you break the machine, press Reset machine: it is fresh again in seconds.</p>
    </aside>
  );
}
