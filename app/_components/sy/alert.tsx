export function Alert({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <div className="sy-alert" role="alert" data-testid={testId}>
      {children}
    </div>
  );
}
