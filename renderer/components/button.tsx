import type { ButtonHTMLAttributes } from 'react';
import './button.css';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'plain' | 'danger';
}

export function Button({ variant = 'plain', className, type = 'button', ...rest }: ButtonProps) {
  return <button type={type} className={`button button-${variant}${className ? ` ${className}` : ''}`} {...rest} />;
}
