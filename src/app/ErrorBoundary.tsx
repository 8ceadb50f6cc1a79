import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Where the failure happened, for the message. */
  area: string;
  children: ReactNode;
}
interface State {
  error: Error | null;
}

/** Keeps one failing area from blanking the page; says what failed and offers a retry. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[${this.props.area}]`, error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="notice notice-error" role="alert">
          <span>
            The {this.props.area} failed: {this.state.error.message}
          </span>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
